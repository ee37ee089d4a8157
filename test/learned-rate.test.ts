import { CLIMB, CLIMB_CALLS, CUT, LearnedRate, PROBE_GAIN } from '../src/upstream/learned-rate';

/** A clock the test moves by hand: nothing here waits on, or reads, the real one. */
function fakeClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('LearnedRate (AIMD from throttling answers)', () => {
  it('stays unpaced until the first throttle, then starts at the calls sent in the last second, less the throttled one', () => {
    const clock = fakeClock();
    const learned = new LearnedRate(clock.now);
    // Calls more than a second old do not count towards the estimate.
    for (let i = 0; i < 30; i++) learned.answered(learned.sending(), false, false);
    clock.advance(1500);
    expect(learned.rate).toBe(Infinity);
    const epochs = Array.from({ length: 10 }, () => learned.sending());
    expect(learned.answered(epochs[0]!, true, false)).toBe(true);
    expect(learned.rate).toBe(9);
    expect(learned.phase).toBe('probing');
    // The other throttles of that burst were sent before the cut: they teach nothing more.
    for (const epoch of epochs.slice(1)) expect(learned.answered(epoch, true, false)).toBe(false);
    expect(learned.rate).toBe(9);
  });

  it('grows by PROBE_GAIN per call the pace held back while probing, and only for those', () => {
    const learned = new LearnedRate(fakeClock().now);
    learned.answered(learned.sending(), true, false);
    const start = learned.rate;
    learned.answered(learned.sending(), false, false);
    expect(learned.rate).toBe(start);
    for (let i = 0; i < 5; i++) learned.answered(learned.sending(), false, true);
    expect(learned.rate).toBe(start + 5 * PROBE_GAIN);
  });

  /** A lane that learned `start` at its first throttle, probed once, and was throttled again: cut from `start` + PROBE_GAIN. */
  function cutFrom(start: number) {
    const learned = new LearnedRate(fakeClock().now);
    const sent = Array.from({ length: start + 1 }, () => learned.sending());
    learned.answered(sent[0]!, true, false);
    learned.answered(learned.sending(), false, true);
    const peak = learned.rate;
    expect(learned.answered(learned.sending(), true, true)).toBe(true);
    return { learned, peak };
  }

  it('cuts to CUT of the rate at a throttle, then climbs back CLIMB of it per second at the rate', () => {
    const { learned, peak } = cutFrom(40);
    expect(learned.phase).toBe('steady');
    expect(learned.rate).toBeCloseTo(peak * CUT);
    // A second's worth of calls at the rate adds about CLIMB of the peak.
    const cut = learned.rate;
    for (let i = 0; i < Math.round(cut); i++) learned.answered(learned.sending(), false, true);
    expect(learned.rate - cut).toBeCloseTo(CLIMB * peak, 0);
  });

  it('climbs over CLIMB_CALLS calls, not a second, where the rate is lower than that', () => {
    const { learned, peak } = cutFrom(5);
    const cut = learned.rate;
    for (let i = 0; i < CLIMB_CALLS; i++) learned.answered(learned.sending(), false, true);
    expect(learned.rate - cut).toBeCloseTo(CLIMB * peak);
  });

  /**
   * A simulated service: a token bucket of `rate` calls a second holding `burst`, on the fake
   * clock. The lane sends at the learned rate while it has more calls than that (as a fan-out
   * does), one call per turn; a throttled call is sent again at a later turn, as the gateway does.
   */
  function simulate(serviceRate: number, burst: number, needed: number) {
    const clock = fakeClock(0);
    const learned = new LearnedRate(clock.now);
    let tokens = burst;
    let refilledAt = 0;
    const service = () => {
      tokens = Math.min(burst, tokens + ((clock.now() - refilledAt) / 1000) * serviceRate);
      refilledAt = clock.now();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    };
    let done = 0;
    let sent = 0;
    let throttled = 0;
    const rates: number[] = [];
    // Unpaced, calls go ten at once (the loader's concurrency), a millisecond apart.
    while (done < needed) {
      const paced = learned.rate !== Infinity;
      clock.advance(paced ? 1000 / learned.rate : 1);
      const epoch = learned.sending();
      sent++;
      const accepted = service();
      if (accepted) done++;
      else throttled++;
      learned.answered(epoch, !accepted, paced);
      if (paced) rates.push(learned.rate);
    }
    return { sent, throttled, seconds: clock.now() / 1000, rates };
  }

  it.each([
    [25, 5, 200],
    [25, 5, 1000],
    [5, 1, 200],
    [2, 1, 100],
    [100, 20, 2000],
  ])('converges on a service allowing %d calls/s (burst %d): %d calls, at most 10%% throttled, within 1.3 × the floor', (rate, burst, needed) => {
    const { sent, throttled, seconds, rates } = simulate(rate, burst, needed);
    expect(throttled / sent).toBeLessThanOrEqual(0.1);
    expect(seconds).toBeLessThanOrEqual((1.3 * needed) / rate);
    // After the start, the learned rate stays around the service's.
    const late = rates.slice(Math.floor(rates.length / 2));
    expect(Math.min(...late)).toBeGreaterThan(0.6 * rate);
    expect(Math.max(...late)).toBeLessThan(1.6 * rate);
  });
});
