/**
 * How a lane's rate is learned from the service's own answers when no rate is configured (AWS
 * publishes no number for Cloud Control, and an account's quota is its own). Additive increase,
 * multiplicative decrease (AIMD), as TCP finds a path's capacity, with its slow start:
 *
 * 1. Unpaced until the service first throttles the lane: a lane that never meets the quota is
 *    never slowed, and the first throttle costs only the calls already sent.
 * 2. At the first throttle, the rate starts at the calls sent in the last second, less the one
 *    throttled (an estimate: others of that second may be throttled yet), then grows by PROBE_GAIN per call let through,
 *    so it doubles about every 0.7 s while the service takes it all (slow start).
 * 3. At each later throttle the rate is cut to CUT of itself, then climbs back by CLIMB of the
 *    rate it was cut from per second (counted per call let through: at r calls a second, each
 *    adds CLIMB × peak ÷ r; below CLIMB_CALLS a second, per CLIMB_CALLS calls). Between cuts it
 *    sits under the quota, then probes just above it until the service's own burst runs out and
 *    throttles once more: about one throttled call in every fifty.
 *
 * Every step is counted in calls and their answers, not measured on a clock (only the first
 * estimate reads one), so the same answers always teach the same rate. A throttled call sent
 * before the latest cut says nothing new (it was sent at the old rate): only a throttle of a call
 * from the current epoch cuts, so one burst of throttled answers cuts once. Only calls the pace
 * held back make the rate grow: a lane with less traffic than its rate learns nothing about the
 * quota and must not drift up towards a rate it never tried.
 *
 * With replicas (REDIS_URL), each learns on its own, in its process: when together they exceed
 * the quota the service throttles them, each cuts its own rate, and together they settle near
 * the quota (their shares need not be equal, since each climbs by a share of its own rate).
 * Learning needs no Redis round trip per answer and goes on unchanged while Redis is away.
 */

/** The share of the rate kept at a throttle: 0.8 keeps the mean rate near nine tenths of the quota. */
export const CUT = 0.8;
/** The rate climbs back, per second, by this share of the rate it was cut from. */
export const CLIMB = 0.1;
/**
 * Below this many calls a second, the climb is spread over this many calls rather than a second:
 * a small quota (a few calls a second, a burst of one) would otherwise be overshot every few
 * calls, and each overshoot costs a throttle.
 */
export const CLIMB_CALLS = 25;
/** Added to the rate per call let through during slow start. */
export const PROBE_GAIN = 1;
/** The lowest rate learned, as the settings' lowest (0.1 calls a second). */
export const MIN_RATE = 0.1;
/** The window of the first estimate. */
const ESTIMATE_MS = 1000;

export type LearningPhase = 'unpaced' | 'probing' | 'steady';

export class LearnedRate {
  /** Calls a second to keep to; Infinity while unpaced. */
  rate = Infinity;
  /** Bumped at each cut. */
  epoch = 0;
  phase: LearningPhase = 'unpaced';
  /** Calls a second added per second while steady. */
  private climb = 0;
  /** While unpaced: when calls were sent, over the last ESTIMATE_MS. */
  private sent: number[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A call takes its turn: its epoch, to be handed back with its answer. */
  sending(): number {
    if (this.phase === 'unpaced') this.sent.push(this.trim(this.sent));
    return this.epoch;
  }

  /**
   * How a call taken in `epoch` was answered; `waited`: the pace held it back. Answers whether the
   * rate changed.
   */
  answered(epoch: number, throttled: boolean, waited: boolean): boolean {
    if (throttled) return this.throttle(epoch);
    if (!waited || this.phase === 'unpaced') return false;
    if (this.phase === 'probing') this.rate += PROBE_GAIN;
    else this.rate += this.climb / Math.max(this.rate, CLIMB_CALLS);
    return true;
  }

  private throttle(epoch: number): boolean {
    if (epoch !== this.epoch) return false;
    this.epoch += 1;
    if (this.phase === 'unpaced') {
      this.trim(this.sent);
      this.rate = Math.max(MIN_RATE, ((this.sent.length - 1) * 1000) / ESTIMATE_MS);
      this.phase = 'probing';
      this.sent = [];
      return true;
    }
    this.climb = CLIMB * this.rate;
    this.rate = Math.max(MIN_RATE, this.rate * CUT);
    this.phase = 'steady';
    return true;
  }

  /** Drops the times older than the window; answers now, to be recorded. */
  private trim(times: number[]): number {
    const now = this.now();
    let old = 0;
    while (old < times.length && times[old]! <= now - ESTIMATE_MS) old++;
    if (old > 0) times.splice(0, old);
    return now;
  }
}
