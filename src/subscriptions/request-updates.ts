import type { PubSub } from 'graphql-yoga';
import { isFinal, type ResourceRequestState } from '../upstream/cloudcontrol/progress';
import { nextPollDelayMs } from '../upstream/cloudcontrol/wait';
import type { FollowEvents } from './events';
import { follow, type Update } from './follow';
import { Poller } from './poller';

/** What a followed request is known by; the one place that says so, so it can gain the account. */
export interface RequestTarget {
  accountId: string;
  region: string;
  requestToken: string;
}

export const requestKey = (target: RequestTarget): string => `${target.accountId}/${target.region}/${target.requestToken}`;

/** What a subscriber receives: each state, null for a token Cloud Control does not know, or why the first read failed. */
export type RequestUpdate = Update<ResourceRequestState>;

export interface RequestUpdates {
  /** The request's state now, then each state whose status differs, ending after a final one (see follow). */
  follow(target: RequestTarget): AsyncIterable<RequestUpdate>;
}

const rules = { isFinal, changed: (previous: ResourceRequestState, next: ResourceRequestState) => previous.status !== next.status };

/**
 * Write requests followed for subscribers: one poll loop per request (GetResourceRequestStatus),
 * at the pace Cloud Control's RetryAfter asks, never faster than WRITE_POLL_MS.
 */
export function createRequestUpdates(options: {
  read(target: RequestTarget): Promise<ResourceRequestState | null>;
  events: PubSub<FollowEvents>;
  /** How a state read reaches the subscribers: on `events`, once per change (see src/subscriptions/index.ts). */
  publish(key: string, state: ResourceRequestState): void;
  minIntervalMs: number;
  onActive(count: number): void;
}): RequestUpdates {
  const poller = new Poller<RequestTarget, ResourceRequestState>({
    key: requestKey,
    read: options.read,
    publish: options.publish,
    ...rules,
    delayMs: (state) => nextPollDelayMs(state, options.minIntervalMs),
    onActive: options.onActive,
  });
  return { follow: (target) => follow(poller, options.events, 'resourceRequest', requestKey(target), target, rules) };
}
