import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import type { Redis } from 'ioredis';
import type { FollowEventTarget } from '../subscriptions';
import { codec } from './codec';
import type { RedisLink } from './link';

/**
 * Subscription events shared by replicas, through @graphql-yoga/redis-event-target: a subscriber
 * on any replica hears what any replica publishes. An event is dispatched in this process at once,
 * whether or not Redis answers (so this replica's own subscribers never depend on it), and
 * published on the channel `events:<topic>` under REDIS_KEY_PREFIX; an event from another replica
 * is dispatched here when it arrives. Each carries its replica, so none is heard twice.
 */
export function createSharedEventTarget(link: RedisLink, maxSubscribers: number): FollowEventTarget {
  const local = new EventTarget();
  setMaxListeners(maxSubscribers, local);
  const messageListeners = new Set<(topic: string, message: string) => void>();
  const unlisten = new Map<string, () => void>();
  // The library's two clients, reduced to what it calls, over the replica's link: commands that
  // fail while Redis is away are dropped (the link marks it down), never left to reject unheard.
  const publishClient = { publish: (topic: string, message: string) => link.publish(link.key('events', topic), message) };
  const subscribeClient = {
    on: (_event: 'message', listener: (topic: string, message: string) => void) => messageListeners.add(listener),
    subscribe: (topic: string) => {
      unlisten.set(topic, link.listen(link.key('events', topic), (message) => {
        for (const listener of messageListeners) listener(topic, message);
      }));
    },
    unsubscribe: (topic: string) => {
      unlisten.get(topic)?.();
      unlisten.delete(topic);
    },
  };
  const remote = createRedisEventTarget({
    publishClient: publishClient as unknown as Redis,
    subscribeClient: subscribeClient as unknown as Redis,
    serializer: { stringify: (detail: unknown) => codec.stringify({ from: link.replicaId, detail }), parse: codec.parse },
  });
  /** Each topic listened to is relayed from Redis while this process has listeners on it. */
  const relays = new Map<string, { listeners: number; relay: (event: CustomEvent) => void }>();
  return {
    addEventListener(topic, listener) {
      if (!listener) return;
      local.addEventListener(topic, listener as EventListener);
      let relayed = relays.get(topic);
      if (!relayed) {
        const relay = (event: CustomEvent) => {
          const { from, detail } = event.detail as { from: string; detail: unknown };
          if (from !== link.replicaId) local.dispatchEvent(new CustomEvent(topic, { detail }));
        };
        relays.set(topic, (relayed = { listeners: 0, relay }));
        remote.addEventListener(topic, relay as never);
      }
      relayed.listeners++;
    },
    removeEventListener(topic, listener) {
      if (!listener) return;
      local.removeEventListener(topic, listener as EventListener);
      const relayed = relays.get(topic);
      if (!relayed || --relayed.listeners > 0) return;
      relays.delete(topic);
      remote.removeEventListener(topic, relayed.relay as never);
    },
    dispatchEvent(event) {
      local.dispatchEvent(event);
      remote.dispatchEvent(event);
      return true;
    },
  } as FollowEventTarget;
}
