import { type PubSub, Repeater } from 'graphql-yoga';
import type { FollowEvents } from './events';
import type { Poller } from './poller';

/** What a subscriber receives: each state, null for a thing the service does not know, or why the first read failed. */
export type Update<State> = State | null | Error;

type Topic = keyof FollowEvents;
type StateOf<T extends Topic> = FollowEvents[T][1];

/**
 * A subscriber's stream: the state now, then each state that changed, ending after a final one.
 * Nothing is read or held until the stream is first pulled, and all of it is let go when the
 * stream ends, however it ends (final state, the consumer's return, a disconnect).
 */
export function follow<T extends Topic, Target>(
  poller: Poller<Target, StateOf<T>>,
  events: PubSub<FollowEvents>,
  topic: T,
  key: string,
  target: Target,
  rules: { isFinal(state: StateOf<T>): boolean; changed(previous: StateOf<T>, next: StateOf<T>): boolean },
): AsyncIterable<Update<StateOf<T>>> {
  return new Repeater<Update<StateOf<T>>>(async (push, stop) => {
    const subscription = (events.subscribe as (topic: T, key: string) => AsyncIterableIterator<StateOf<T>>)(topic, key);
    // The pub/sub listens from the first pull, so pull before taking the lease: no state
    // published after the one the lease gives can be missed.
    const first = subscription.next();
    const lease = poller.lease(target);
    try {
      let current: StateOf<T> | null;
      try {
        current = await lease.current;
      } catch (error) {
        void push(error as Error);
        return stop();
      }
      void push(current);
      if (!current || rules.isFinal(current)) return stop();
      let last = current;
      void (async () => {
        for (let event = await first; !event.done; event = await subscription.next()) {
          if (!rules.changed(last, event.value)) continue;
          last = event.value;
          void push(last);
          if (rules.isFinal(last)) break;
        }
        stop();
      })().catch((error: unknown) => stop(error));
      await stop;
    } finally {
      lease.release();
      await subscription.return?.();
    }
  });
}
