import { setTimeout as sleep } from 'node:timers/promises';
import type { CloudControl } from './cloud-control';
import { isFinal, type ResourceRequestState } from './progress';

const MAX_POLL_INTERVAL_MS = 5000;

export interface WaitOptions {
  /** When to stop waiting (epoch ms): shared by every wait of one request. */
  deadline: number;
  /** The shortest pause between two polls. */
  minIntervalMs: number;
  /** Stops the wait at once (the gateway is shutting down). */
  signal?: AbortSignal;
  /** Asked before each poll; false stops the wait (the request's MAX_UPSTREAM_KEYS is spent). */
  mayPoll?: () => boolean;
}

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
 * Polls a request until it is final, or the deadline passes, or the signal or budget stops it,
 * pausing as long as Cloud Control's RetryAfter asks (but at least `minIntervalMs`). Nothing
 * fails the wait: the write was accepted, so the caller gets the last known state and can
 * follow the request token.
 */
export async function waitForRequest(cloudControl: CloudControl, initial: ResourceRequestState, options: WaitOptions): Promise<ResourceRequestState> {
  let state = initial;
  while (!isFinal(state) && !options.signal?.aborted) {
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) break;
    // The budget is asked before the pause: a wait that may not poll again ends now, not after it.
    if (options.mayPoll && !options.mayPoll()) break;
    await sleep(Math.min(nextPollDelayMs(state, options.minIntervalMs), remaining), undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal?.aborted) break;
    try {
      state = (await cloudControl.getRequestStatus(state, state.requestToken)) ?? state;
    } catch {
      // keep the last known state; try again until the bound
    }
  }
  return state;
}
