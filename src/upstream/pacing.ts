import { TokenBucket } from 'limiter';
import { LRUCache } from 'lru-cache';

/** Lanes kept (least recently used dropped first): regions are bounded by the partition, but accounts only by ACCOUNT_IDS. */
const LANES_KEPT = 4096;

export interface PacingOptions {
  /** Calls a second per lane (a service's quota in one account and region). */
  ratePerSecond: number;
  /** Calls let through at once after a quiet spell. */
  burst: number;
}

/** A turn taken, or how far away the next one is when it is beyond the caller's bound. */
export type Turn = { taken: true } | { taken: false; waitMs: number };

/** A pace per lane: in-process (Pacing), or shared by replicas through Redis (src/redis/pace.ts). */
export interface Pace {
  /** Waits for the lane's next turn if it comes within `maxWaitMs`; if not, answers at once with how far away it is, having taken nothing. */
  take(lane: string, maxWaitMs: number): Promise<Turn>;
}

interface Lane {
  bucket: TokenBucket;
  /** Calls admitted and still waiting for their token. */
  waiting: number;
}

/**
 * Keeps the gateway's calls within a service's rate per lane (the account and region whose quota
 * they spend), in the order they were made. Throttling is far dearer than waiting: a throttled call comes back only to be retried
 * after a backoff of up to seconds, and a call throttled on every attempt fails its field.
 *
 * Turns come at a fixed rate and in order, so how long a new call would wait is known when it
 * asks. A call that would wait longer than its bound is refused at once and takes nothing: a
 * caller that gave up must not go on to spend a turn that a live call needs.
 */
export class Pacing implements Pace {
  private readonly lanes = new LRUCache<string, Lane>({ max: LANES_KEPT });

  constructor(private readonly options: PacingOptions) {}

  /**
   * Waits for the lane's next turn if it comes within `maxWaitMs`. If not, answers at once
   * with how far away it is, having taken nothing.
   */
  async take(lane: string, maxWaitMs: number): Promise<Turn> {
    const state = this.lane(lane);
    // With nobody waiting, a token at hand is taken at once. (Taken through the bucket's queue,
    // it would still count as waiting for a few ticks, and callers in the same tick would see
    // one turn fewer than there is.)
    if (state.waiting === 0 && state.bucket.tryRemoveTokens(1)) return { taken: true };
    // A bucket's content is brought up to date by asking for its wait.
    state.bucket.getWaitTime(1);
    const short = state.waiting + 1 - state.bucket.content;
    const waitMs = short <= 0 ? 0 : Math.ceil((short * 1000) / this.options.ratePerSecond);
    if (waitMs > maxWaitMs) return { taken: false, waitMs };
    state.waiting++;
    try {
      await state.bucket.removeTokens(1);
    } finally {
      state.waiting--;
    }
    return { taken: true };
  }

  private lane(name: string): Lane {
    let state = this.lanes.get(name);
    if (!state) {
      const bucket = new TokenBucket({ bucketSize: this.options.burst, tokensPerInterval: this.options.ratePerSecond, interval: 'second' });
      // A new bucket starts empty; the service's starts full.
      bucket.content = this.options.burst;
      this.lanes.set(name, (state = { bucket, waiting: 0 }));
    }
    return state;
  }
}
