import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub, type PubSubEventTarget, Repeater } from 'graphql-yoga';
import { isFinal, type ResourceRequestState } from '../upstream/cloudcontrol/progress';
import { type RequestPoller, type RequestTarget, requestKey } from './request-poller';

/**
 * The event transport: one topic per followed request. In-process by default; an event target
 * shared by replicas (@graphql-yoga/redis-event-target) carries the same events between them,
 * serialised as JSON, so a state's dates arrive as ISO strings (which the DateTime scalar takes).
 */
export type RequestEvents = { resourceRequest: [key: string, state: ResourceRequestState] };
export type RequestEventTarget = PubSubEventTarget<RequestEvents>;

/** What a subscriber receives: each state, null for a token Cloud Control does not know, or why the first read failed. */
export type RequestUpdate = ResourceRequestState | null | Error;

export interface RequestUpdates {
  /**
   * The request's state now, then each state whose status differs, ending after a final one.
   * Nothing is read or held until the stream is first pulled, and all of it is let go when the
   * stream ends, however it ends (final status, the consumer's return, a disconnect).
   */
  follow(target: RequestTarget): AsyncIterable<RequestUpdate>;
}

/** The transport; in-process, every subscriber listens on one EventTarget, as many as MAX_SUBSCRIPTIONS on one topic. */
export function createRequestEvents(eventTarget: RequestEventTarget | undefined, maxSubscribers: number): PubSub<RequestEvents> {
  if (!eventTarget) {
    const inProcess = new EventTarget();
    setMaxListeners(maxSubscribers, inProcess);
    eventTarget = inProcess as RequestEventTarget;
  }
  return createPubSub<RequestEvents>({ eventTarget });
}

export function createRequestUpdates(poller: RequestPoller, events: PubSub<RequestEvents>): RequestUpdates {
  return {
    follow: (target) =>
      new Repeater<RequestUpdate>(async (push, stop) => {
        const subscription = events.subscribe('resourceRequest', requestKey(target));
        // The pub/sub listens from the first pull, so pull before taking the lease: no state
        // published after the one the lease gives can be missed.
        const first = subscription.next();
        const lease = poller.lease(target);
        try {
          let current: ResourceRequestState | null;
          try {
            current = await lease.current;
          } catch (error) {
            void push(error as Error);
            return stop();
          }
          void push(current);
          if (!current || isFinal(current)) return stop();
          let last = current;
          void (async () => {
            for (let event = await first; !event.done; event = await subscription.next()) {
              if (event.value.status === last.status) continue;
              last = event.value;
              void push(last);
              if (isFinal(last)) break;
            }
            stop();
          })().catch((error: unknown) => stop(error));
          await stop;
        } finally {
          lease.release();
          await subscription.return();
        }
      }),
  };
}
