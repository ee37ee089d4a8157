import {
  RateLimiterCompatibleAbstract,
  RateLimiterMemory,
  RateLimiterQueue,
  RateLimiterQueueError,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Pace, PacingOptions, Turn } from '../upstream/pacing';
import type { RedisLink } from './link';

/**
 * A rate-limiter-flexible limiter counted in windows of `windowMs()` (the library's own windows
 * are whole seconds; a lane's are `burst / rate`, often a fraction of one): each window is the
 * inner limiter's key `lane@index`, so at most `points` calls start in one window. Two windows'
 * worth can start close together across a boundary, so a lane's bursts reach twice the burst.
 */
export class Windows extends RateLimiterCompatibleAbstract {
  declare readonly keyPrefix: string;
  declare blockDuration: number;
  declare execEvenly: boolean;

  constructor(
    private readonly inner: RateLimiterAbstract,
    private readonly windowMs: () => number,
    private readonly onUse: () => void = () => undefined,
  ) {
    super();
    // Plain values where the abstract class has accessors that throw (the insured limiter sets them).
    Object.defineProperties(this, {
      keyPrefix: { value: inner.keyPrefix },
      blockDuration: { value: 0, writable: true },
      execEvenly: { value: false, writable: true },
    });
  }

  /** Calls a window lets through: RateLimiterQueue refuses to queue more than this at once. */
  get points(): number {
    return this.inner.points;
  }

  override async consume(key: string | number, points = 1): Promise<RateLimiterRes> {
    this.onUse();
    // An insurance limiter is handed the insured one's key, window included: its windows are its own.
    const lane = String(key).replace(/@\d+$/, '');
    const windowMs = this.windowMs();
    const now = Date.now();
    const index = Math.floor(now / windowMs);
    // The library's key must outlive its window.
    this.inner.duration = Math.ceil(windowMs / 1000) + 1;
    try {
      return await this.inner.consume(`${lane}@${index}`, points);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // The next turn is the next window's, not when the library's whole-second key lapses.
      throw new RateLimiterRes(error.remainingPoints, Math.max(1, (index + 1) * windowMs - now), error.consumedPoints, error.isFirstInDuration);
    }
  }

  override get(key: string | number): Promise<RateLimiterRes | null> {
    return this.inner.get(`${String(key).replace(/@\d+$/, '')}@${Math.floor(Date.now() / this.windowMs())}`);
  }
}

/**
 * One pace per lane (a service's quota in an account and region) for every replica, counted in
 * Redis by rate-limiter-flexible (RateLimiterRedis), each replica's calls waiting their turn in
 * order (RateLimiterQueue). While Redis is down or slow, the insurance limiter paces each replica
 * on its own at its share, rate ÷ replicas, so together they still keep to the rate.
 *
 * As in one process, a call whose turn is beyond its bound is refused at once and takes nothing:
 * the bound is checked against this replica's calls already waiting (the other replicas' calls
 * may make the turn come later; a call still waiting at its bound is refused then).
 */
export class SharedPace implements Pace {
  private readonly queue: RateLimiterQueue;
  private readonly shared: Windows;
  private readonly alone: Windows;
  private readonly waiting = new Map<string, number>();
  private readonly windowMs: number;

  constructor(
    private readonly link: RedisLink,
    service: string,
    private readonly options: PacingOptions,
    private readonly replicas: () => number,
  ) {
    this.windowMs = (options.burst * 1000) / options.ratePerSecond;
    const duration = Math.ceil(this.windowMs / 1000) + 1;
    const failed = () => link.failed(new Error(`pacing ${service}: Redis did not answer`));
    this.alone = new Windows(new RateLimiterMemory({ points: options.burst, duration }), () => this.windowMs * this.replicas(), () => {
      if (link.up) failed();
    });
    const redis = new RateLimiterRedis({
      storeClient: link.commands,
      keyPrefix: link.key('pace', service),
      points: options.burst,
      duration,
      // A connection that is not ready fails at once into the insurance limiter, instead of waiting for a timeout.
      rejectIfRedisNotReady: true,
      insuranceLimiter: this.alone,
    });
    this.shared = new Windows(redis, () => this.windowMs);
    // The queue asks whichever counts now: Redis, or this replica alone while Redis is down or slow
    // (RateLimiterRedis sees only a closed connection; a slow one would cost each call a timeout).
    const current = { get points() { return options.burst; }, consume: (key: string, points?: number) => (link.up ? this.shared : this.alone).consume(key, points) };
    this.queue = new RateLimiterQueue(current as unknown as Windows);
  }

  async take(lane: string, maxWaitMs: number): Promise<Turn> {
    const limiter = this.link.up ? this.shared : this.alone;
    const windowMs = this.link.up ? this.windowMs : this.windowMs * this.replicas();
    const ahead = this.waiting.get(lane) ?? 0;
    if (ahead === 0) {
      // Nobody of this replica waits: a turn at hand is taken now, and a refusal says how far the next is.
      try {
        await limiter.consume(lane);
        return { taken: true };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        if (error.msBeforeNext > maxWaitMs) return { taken: false, waitMs: error.msBeforeNext };
      }
    } else {
      const waitMs = Math.ceil((ahead + 1) / this.options.burst) * windowMs;
      if (waitMs > maxWaitMs) return { taken: false, waitMs };
    }
    this.waiting.set(lane, ahead + 1);
    try {
      await this.queue.removeTokens(1, lane, Math.ceil((Date.now() + maxWaitMs) / 1000));
      return { taken: true };
    } catch (error) {
      if (error instanceof RateLimiterQueueError) return { taken: false, waitMs: maxWaitMs };
      throw error;
    } finally {
      const left = (this.waiting.get(lane) ?? 1) - 1;
      if (left === 0) this.waiting.delete(lane);
      else this.waiting.set(lane, left);
    }
  }
}
