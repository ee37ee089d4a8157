import type { RedisLink } from './link';

/** How often each replica says it is alive, and how long a replica that stopped saying so is still counted. */
const HEARTBEAT_MS = 5000;
const COUNTED_MS = 3 * HEARTBEAT_MS;

/**
 * How many replicas share the pace: GATEWAY_REPLICAS when set, otherwise counted in Redis, where
 * each replica renews its own entry in a sorted set every few seconds (scored by when it lapses).
 * The count is wanted while Redis is down (each replica then keeps to rate ÷ replicas on its
 * own), so the last one seen is kept; before Redis was ever reached it is 1.
 */
export class ReplicaCount {
  private last = 1;
  private readonly timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly link: RedisLink,
    private readonly fixed: number | undefined,
  ) {
    if (fixed !== undefined) return;
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
    link.onReturn(() => void this.beat());
  }

  get now(): number {
    return this.fixed ?? this.last;
  }

  private async beat(): Promise<void> {
    if (!this.link.up) return;
    const key = this.link.key('replicas');
    const now = Date.now();
    try {
      const [, , [, count]] = (await this.link.commands
        .multi()
        .zadd(key, now + COUNTED_MS, this.link.replicaId)
        .zremrangebyscore(key, '-inf', now)
        .zcard(key)
        .pexpire(key, COUNTED_MS)
        .exec())! as [unknown, unknown, [unknown, number]];
      this.last = Math.max(1, count);
    } catch (error) {
      this.link.failed(error);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
