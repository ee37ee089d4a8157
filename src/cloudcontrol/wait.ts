import type { CloudControl } from './cloud-control';
import { isFinal, type ResourceRequestState } from './progress';

const MAX_POLL_INTERVAL_MS = 5000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls a request until it is final or the bound passes, pausing as long as Cloud Control's
 * RetryAfter asks (but at least `minIntervalMs`). A failed poll does not fail the wait: the write
 * was accepted, so the caller gets the last known state and can follow the request token.
 */
export async function waitForRequest(
  cloudControl: CloudControl,
  initial: ResourceRequestState,
  options: { timeoutMs: number; minIntervalMs: number },
): Promise<ResourceRequestState> {
  const deadline = Date.now() + options.timeoutMs;
  let state = initial;
  while (!isFinal(state)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    const hinted = state.retryAfter ? state.retryAfter.getTime() - Date.now() : 0;
    await sleep(Math.min(Math.max(hinted, options.minIntervalMs), MAX_POLL_INTERVAL_MS, remaining));
    try {
      state = (await cloudControl.getRequestStatus(state.region, state.requestToken)) ?? state;
    } catch {
      // keep the last known state; try again until the bound
    }
  }
  return state;
}
