import { LRUCache } from 'lru-cache';
import { LearnedRate } from './learned-rate';
import { LANES_KEPT, PacedLane, type Pace, type TakenTurn, type Turn } from './pacing';

/** A learned lane's calls go one at a time at its rate: its quota's burst is not known, and a burst of ours would spend it. */
const LEARNED_BURST = 1;

interface Lane {
  learned: LearnedRate;
  /** Made at the first throttle; until then the lane is unpaced. */
  paced?: PacedLane;
}

export interface LearnedPacingOptions {
  /** The setting that would fix the rate instead, named when a call finds no turn. */
  setting: string;
  /** Told each lane's new rate, and undefined when the lane is forgotten (for a gauge). */
  onRate?: (lane: string, ratePerSecond: number | undefined) => void;
  /** The clock of each lane's first estimate (see LearnedRate). */
  now?: () => number;
}

/**
 * The pace of a service whose rate is not configured: each lane (account and region) learns its
 * own from the service's throttling answers (LearnedRate), and its calls wait their turn at that
 * rate, in order, as with a configured one. A throttled call is handed back to the pace by its
 * caller (UpstreamCalls) and waits for another turn, rather than being retried by the SDK after
 * a blind backoff that knows nothing of the calls queued behind it.
 */
export class LearnedPacing implements Pace {
  private readonly lanes: LRUCache<string, Lane>;

  constructor(private readonly options: LearnedPacingOptions) {
    this.lanes = new LRUCache<string, Lane>({
      max: LANES_KEPT,
      dispose: (lane, name) => {
        if (lane.paced) options.onRate?.(name, undefined);
      },
    });
  }

  async take(name: string, maxWaitMs: number): Promise<Turn> {
    const lane = this.lane(name);
    if (!lane.paced) return { taken: true, waited: false, epoch: lane.learned.sending() };
    const turn = await lane.paced.take(maxWaitMs);
    // The epoch is the one the call is sent in, after its wait: a cut while it waited applies to it.
    return turn.taken ? { ...turn, epoch: lane.learned.sending() } : turn;
  }

  answered(name: string, turn: TakenTurn, throttled: boolean): void {
    const lane = this.lanes.get(name);
    if (!lane || turn.epoch === undefined) return;
    if (!lane.learned.answered(turn.epoch, throttled, turn.waited ?? false)) return;
    const rate = lane.learned.rate;
    if (lane.paced) lane.paced.ratePerSecond = rate;
    else lane.paced = new PacedLane(rate, LEARNED_BURST);
    // After a throttle the service's own bucket is empty: a call sent at once would be throttled
    // whatever the new rate, and its throttle would cut a rate nobody tried. The next waits a turn.
    if (throttled) lane.paced.empty();
    this.options.onRate?.(name, rate);
  }

  describe(name: string): string {
    const rate = this.lanes.get(name)?.learned.rate;
    return `the rate learned from its throttling (${rate === undefined ? 'none yet' : `${rate.toFixed(1)} calls/s`}; ${this.options.setting} fixes one)`;
  }

  /** The rate a lane keeps to now, Infinity while it is unpaced: for tests and the benchmark. */
  rateOf(name: string): number {
    return this.lanes.get(name)?.learned.rate ?? Infinity;
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) this.lanes.set(name, (lane = { learned: new LearnedRate(this.options.now) }));
    return lane;
  }
}
