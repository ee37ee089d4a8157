import { randomUUID } from 'node:crypto';
import Redis, { type RedisOptions } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import type { RedisConfig } from '../config/redis-config';
import { redisUrlForLog } from '../config/redis-config';
import type { Logger } from '../logger';

/** How often a replica that saw Redis fail asks it again (PING), and how long it waits between reconnection attempts at most. */
const PROBE_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 2000;

type Handler = (message: string) => void;

/**
 * A replica's link to Redis: one connection for commands and one that listens (a subscribed
 * connection may do nothing else), and whether Redis is usable now.
 *
 * Redis is a cache and coordinator, never the source of truth, so nothing waits for it: commands
 * are not queued while it is away (`enableOfflineQueue: false`), are not retried, and fail after
 * REDIS_TIMEOUT_MS. A command that fails or times out marks Redis down (a connection can stay
 * open to a Redis that no longer answers); while it is down the stores skip it and each replica
 * runs on its own layers, and a PING every second tells when it answers again. Each transition
 * is logged once and shown as `gateway_redis_up`; on every return, the `onReturn` listeners run
 * (in-process copies that may have missed invalidations are dropped there).
 */
export class RedisLink {
  /** Names this process among the replicas: in its lock values, its messages and the replica count. */
  readonly replicaId = randomUUID().replace(/-/g, '').slice(0, 16);
  readonly commands: Redis;
  private readonly listener: Redis;
  private readonly gauge: Gauge;
  private connected = { commands: false, listener: false };
  /** A command failed since both connections were last ready: down until a PING answers. */
  private failing: string | undefined;
  /** What was last logged and shown: nothing yet, up or down. */
  private reported: 'up' | 'down' | undefined;
  private everUp = false;
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly subscribing = new Map<string, Promise<unknown>>();
  private readonly returnListeners = new Set<() => void>();

  constructor(
    private readonly config: RedisConfig,
    registry: Registry,
    private readonly logger: Logger,
  ) {
    this.gauge = new Gauge({
      name: 'gateway_redis_up',
      help: 'Whether this replica shares reads, pacing, invalidation and events through Redis (1), or runs on its own layers because Redis is unreachable or slow (0).',
      registers: [registry],
    });
    this.gauge.set(0);
    const options: RedisOptions = {
      enableOfflineQueue: false,
      commandTimeout: config.commandTimeoutMs,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(1000, config.commandTimeoutMs),
      // Reconnects for ever, in the background: no request waits for it.
      retryStrategy: (times) => Math.min(100 * times, MAX_RECONNECT_DELAY_MS),
      // Subscriptions are restored here, on every return (ioredis restores only those it saw confirmed).
      autoResubscribe: false,
      // Commands issued in the same tick (a batch of reads) go out in one write.
      enableAutoPipelining: true,
      lazyConnect: false,
    };
    this.commands = new Redis(config.url, { ...options, connectionName: `ipg-${this.replicaId}` });
    this.listener = new Redis(config.url, { ...options, connectionName: `ipg-${this.replicaId}-listen` });
    this.watch(this.commands, 'commands');
    this.watch(this.listener, 'listener');
    this.listener.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(message);
    });
  }

  /** Whether Redis is usable now: both connections ready and no command has failed since. */
  get up(): boolean {
    return this.connected.commands && this.connected.listener && this.failing === undefined;
  }

  /** A key (or channel) in this deployment's namespace. */
  key(...parts: string[]): string {
    return `${this.config.keyPrefix}${parts.join(':')}`;
  }

  /** Runs after Redis becomes usable again (and the first time it does). */
  onReturn(listener: () => void): void {
    this.returnListeners.add(listener);
  }

  /**
   * A command's failure (refused while disconnected, timed out, an error): Redis is down until a
   * PING answers. Returns undefined, so callers can write `.catch((e) => link.failed(e))`.
   */
  failed(error: unknown): undefined {
    if (this.closed) return undefined;
    if (this.failing === undefined) {
      this.failing = (error as Error)?.message ?? String(error);
      this.changed();
    }
    this.probe ??= setInterval(() => {
      if (!this.connected.commands) return;
      this.commands.ping().then(
        () => {
          if (this.failing === undefined) return;
          this.failing = undefined;
          this.changed();
        },
        () => undefined,
      );
    }, PROBE_MS);
    this.probe.unref();
    return undefined;
  }

  /**
   * Calls `handler` with each message on `channel` until the returned function is called, from
   * whenever Redis can be reached: a subscription that fails now is made when Redis returns.
   */
  listen(channel: string, handler: Handler): () => void {
    let handlers = this.handlers.get(channel);
    if (!handlers) this.handlers.set(channel, (handlers = new Set()));
    handlers.add(handler);
    if (this.connected.listener && !this.subscribing.has(channel)) {
      const confirmed = this.listener.subscribe(channel);
      this.subscribing.set(channel, confirmed);
      confirmed.catch(() => this.subscribing.delete(channel));
    }
    return () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.handlers.get(channel) !== handlers) return;
      this.handlers.delete(channel);
      this.subscribing.delete(channel);
      if (this.connected.listener) this.listener.unsubscribe(channel).catch(() => undefined);
    };
  }

  /** Calls `handler` with each message on `channel` until the returned function is called; resolves once Redis confirmed the subscription. */
  async subscribe(channel: string, handler: Handler): Promise<() => void> {
    let handlers = this.handlers.get(channel);
    if (!handlers) this.handlers.set(channel, (handlers = new Set()));
    handlers.add(handler);
    let unsubscribed = false;
    const unsubscribe = () => {
      if (unsubscribed) return;
      unsubscribed = true;
      handlers.delete(handler);
      if (handlers.size > 0 || this.handlers.get(channel) !== handlers) return;
      this.handlers.delete(channel);
      this.subscribing.delete(channel);
      if (this.connected.listener) this.listener.unsubscribe(channel).catch(() => undefined);
    };
    let confirmed = this.subscribing.get(channel);
    if (!confirmed) {
      confirmed = this.listener.subscribe(channel);
      this.subscribing.set(channel, confirmed);
      // A failed subscription is made again when Redis returns (restoreSubscriptions).
      confirmed.catch(() => this.subscribing.delete(channel));
    }
    try {
      await confirmed;
    } catch (error) {
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  publish(channel: string, message: string): Promise<void> {
    if (!this.up) return Promise.resolve();
    return this.commands.publish(channel, message).then(
      () => undefined,
      (error: unknown) => this.failed(error),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.probe) clearInterval(this.probe);
    this.commands.disconnect();
    this.listener.disconnect();
  }

  private watch(client: Redis, which: 'commands' | 'listener'): void {
    // ioredis reports every failed reconnection as an error event: the transitions are logged
    // once in changed(), and an unheard error event would end the process.
    client.on('error', (error: Error) => {
      if (this.reported === undefined) this.report(false, error.message);
    });
    client.on('ready', () => {
      this.connected[which] = true;
      if (which === 'listener') this.restoreSubscriptions();
      this.changed();
    });
    client.on('close', () => {
      if (!this.connected[which]) return;
      this.connected[which] = false;
      this.changed();
    });
  }

  private restoreSubscriptions(): void {
    const channels = [...this.handlers.keys()];
    if (channels.length === 0) return;
    const confirmed = this.listener.subscribe(...channels);
    for (const channel of channels) this.subscribing.set(channel, confirmed);
    confirmed.catch((error: unknown) => this.failed(error));
  }

  private changed(): void {
    const up = this.up;
    if (this.closed || (up ? this.reported === 'up' : this.reported !== 'up')) return;
    this.report(up, this.failing ?? 'connection closed');
  }

  private report(up: boolean, reason: string): void {
    this.reported = up ? 'up' : 'down';
    this.gauge.set(up ? 1 : 0);
    const where = redisUrlForLog(this.config.url);
    if (up) {
      if (this.probe) clearInterval(this.probe);
      this.probe = undefined;
      this.logger.info(
        { redis: where, replicaId: this.replicaId },
        this.everUp
          ? 'Redis answers again: sharing reads, pacing, invalidation and events with the other replicas once more (in-process copies dropped)'
          : 'Redis connected: sharing reads, pacing, invalidation and events with the other replicas',
      );
      this.everUp = true;
      for (const listener of this.returnListeners) listener();
    } else {
      this.logger.warn(
        { redis: where, replicaId: this.replicaId, reason },
        'Redis unreachable or slow: this replica runs on its own reads, events and share of the pace until it answers again',
      );
    }
  }
}
