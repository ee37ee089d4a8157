import type { Registry } from 'prom-client';
import type { RedisConfig } from '../config/redis-config';
import type { Logger } from '../logger';
import type { FollowEventTarget } from '../subscriptions';
import type { Pace, PacingOptions } from '../upstream/pacing';
import type { ReadStore } from '../upstream/read-store';
import type { Service } from '../upstream/where';
import { createSharedEventTarget } from './event-target';
import { RedisLink } from './link';
import { SharedPace } from './pace';
import { RedisReadStore } from './read-store';
import { ReplicaCount } from './replica-count';

/** What replicas share through Redis: the read store, the pace and the subscription events. */
export interface ReplicaSharing {
  store: ReadStore;
  paceFor: (service: Service, pacing: PacingOptions) => Pace;
  eventTarget: FollowEventTarget;
  close(): Promise<void>;
}

export interface ReplicaSharingOptions {
  registry: Registry;
  logger: Logger;
  /** CACHE_TTL_SECONDS in ms; answers are served stale for as long again while one refreshes them. */
  ttlMs: number;
  /** How long one upstream call may take, its wait for a turn included: the most a replica waits for another's. */
  callMs: number;
  maxSubscribers: number;
}

/** REDIS_URL set: replicas share reads, in-flight calls, pacing, invalidation and events through Redis. */
export function shareThroughRedis(config: RedisConfig, options: ReplicaSharingOptions): ReplicaSharing {
  const link = new RedisLink(config, options.registry, options.logger);
  const replicas = new ReplicaCount(link, config.replicas);
  return {
    store: new RedisReadStore(link, { ttlMs: options.ttlMs, staleMs: options.ttlMs, callMs: options.callMs }),
    paceFor: (service, pacing) => new SharedPace(link, service, pacing, () => replicas.now),
    eventTarget: createSharedEventTarget(link, options.maxSubscribers),
    close: async () => {
      replicas.stop();
      await link.close();
    },
  };
}
