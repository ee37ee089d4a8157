import type { CloudControl } from './cloud-control';
import { isFinal, type ResourceRequestState } from './progress';

const MAX_POLL_INTERVAL_MS = 5000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long to wait before asking about a request again: as long as Cloud Control's RetryAfter
 * asks, at least `minIntervalMs` (WRITE_POLL_MS), and never more than a few seconds, so a far
 * RetryAfter does not hide a request that finished early.
 */
export function nextPollDelayMs(state: ResourceRequestState, minIntervalMs: number): number {
  const hinted = state.retryAfter ? state.retryAfter.getTime() - Date.now() : 0;
  return Math.min(Math.max(hinted, minIntervalMs), MAX_POLL_INTERVAL_MS);
}

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
    await sleep(Math.min(nextPollDelayMs(state, options.minIntervalMs), remaining));
    try {
      state = (await cloudControl.getRequestStatus(state.region, state.requestToken)) ?? state;
    } catch {
      // keep the last known state; try again until the bound
    }
  }
  return state;
}
