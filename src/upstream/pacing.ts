import { TokenBucket } from 'limiter';
import { LRUCache } from 'lru-cache';

/** Lanes kept (least recently used dropped first): regions are bounded by the partition, but accounts only by ACCOUNT_IDS. */
export const LANES_KEPT = 4096;

export interface PacingOptions {
  /** Calls a second per lane (a service's quota in one account and region). */
  ratePerSecond: number;
  /** Calls let through at once after a quiet spell. */
  burst: number;
}

/**
 * A turn taken (`waited`: the pace held the call back, so the lane had more calls than its rate
 * let through; `epoch`: a learning pace's, see LearnedPacing), or how far away the next one is
 * when it is beyond the caller's bound.
 */
export type Turn = TakenTurn | { taken: false; waitMs: number };
export interface TakenTurn {
  taken: true;
  waited?: boolean;
  epoch?: number;
}

/** A pace per lane: in-process (Pacing, LearnedPacing), or shared by replicas through Redis (src/redis/pace.ts). */
export interface Pace {
  /** Waits for the lane's next turn if it comes within `maxWaitMs`; if not, answers at once with how far away it is, having taken nothing. */
  take(lane: string, maxWaitMs: number): Promise<Turn>;
  /**
   * A pace that learns its rate (LearnedPacing) hears how each call it let through was answered;
   * its throttled calls come back for another turn instead of being retried by the SDK.
   */
  answered?(lane: string, turn: TakenTurn, throttled: boolean): void;
  /** What a refusal names as the source of the rate, e.g. `CLOUDCONTROL_RATE_PER_SECOND` or the learned rate. */
  describe?(lane: string): string;
}

/**
 * One lane's turns: a token bucket refilled at the lane's rate, and the calls waiting in order
 * for it. Turns come at a known rate and in order, so how long a new call would wait is known
 * when it asks. A call that would wait longer than its bound is refused at once and takes
 * nothing: a caller that gave up must not go on to spend a turn that a live call needs.
 */
export class PacedLane {
  private readonly bucket: TokenBucket;
  /** Calls admitted and still waiting for their token. */
  private waiting = 0;

  constructor(ratePerSecond: number, burst: number) {
    this.bucket = new TokenBucket({ bucketSize: burst, tokensPerInterval: ratePerSecond, interval: 'second' });
    // A new bucket starts empty; the service's starts full.
    this.bucket.content = burst;
  }

  get ratePerSecond(): number {
    return this.bucket.tokensPerInterval;
  }

  /** A new rate from now on: calls already waiting are let through at it (the bucket re-reads its rate at each wake). */
  set ratePerSecond(rate: number) {
    // Tokens earned until now are counted at the old rate.
    this.bucket.drip();
    this.bucket.tokensPerInterval = rate;
  }

  /** Spends what the bucket holds: the next call waits one turn at the rate (the service just said its own bucket is empty). */
  empty(): void {
    this.bucket.drip();
    this.bucket.content = 0;
  }

  async take(maxWaitMs: number): Promise<Turn> {
    // With nobody waiting, a token at hand is taken at once. (Taken through the bucket's queue,
    // it would still count as waiting for a few ticks, and callers in the same tick would see
    // one turn fewer than there is.)
    if (this.waiting === 0 && this.bucket.tryRemoveTokens(1)) return { taken: true, waited: false };
    // A bucket's content is brought up to date by asking for its wait.
    this.bucket.getWaitTime(1);
    const short = this.waiting + 1 - this.bucket.content;
    const waitMs = short <= 0 ? 0 : Math.ceil((short * 1000) / this.ratePerSecond);
    if (waitMs > maxWaitMs) return { taken: false, waitMs };
    this.waiting++;
    try {
      await this.bucket.removeTokens(1);
    } finally {
      this.waiting--;
    }
    return { taken: true, waited: true };
  }
}

/**
 * Keeps the gateway's calls within a configured rate per lane (the account and region whose
 * quota they spend), in the order they were made. Throttling is far dearer than waiting: a
 * throttled call comes back only to be retried after a backoff of up to seconds, and a call
 * throttled on every attempt fails its field.
 */
export class Pacing implements Pace {
  private readonly lanes = new LRUCache<string, PacedLane>({ max: LANES_KEPT });

  constructor(private readonly options: PacingOptions) {}

  /**
   * Waits for the lane's next turn if it comes within `maxWaitMs`. If not, answers at once
   * with how far away it is, having taken nothing.
   */
  take(lane: string, maxWaitMs: number): Promise<Turn> {
    let paced = this.lanes.get(lane);
    if (!paced) this.lanes.set(lane, (paced = new PacedLane(this.options.ratePerSecond, this.options.burst)));
    return paced.take(maxWaitMs);
  }
}
