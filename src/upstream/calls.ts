import { GatewayError } from '../errors';
import { isThrottling, outcomeLabel, translateError, UpstreamError } from './errors';
import { LearnedPacing } from './learned-pacing';
import type { UpstreamMetrics } from './metrics';
import { type Pace, Pacing, type PacingOptions, type TakenTurn } from './pacing';
import { SERVICE_NAMES, type Service, type Where } from './where';

export interface ServicePacing extends PacingOptions {
  /** The setting that gives the rate, named when a call finds no turn. */
  setting: string;
}

export interface CallsOptions {
  /** Bound on one call, retries included: a slow or dead upstream fails the call, never hangs it. */
  timeoutMs: number;
  /** Attempts per call (CLOUDCONTROL_MAX_ATTEMPTS), whether the SDK or a learning pace retries it. */
  maxAttempts?: number;
  metrics: UpstreamMetrics;
  /** A rate to keep to per account and region, by service; a service without one is unpaced, unless it learns one. */
  pacing?: Partial<Record<Service, ServicePacing>>;
  /**
   * Services without a configured rate that learn one per lane from their throttling answers
   * (LearnedPacing), each named by the setting that would fix it. Their SDK clients must leave
   * throttled calls to this class (see throttling-retry.ts), which sends them back for a turn.
   */
  learn?: Partial<Record<Service, string>>;
  /** Where each service's pace is kept: in this process by default, in Redis when replicas share it. */
  paceFor?: (service: Service, pacing: PacingOptions) => Pace;
}

/**
 * Every upstream call, whichever the service: paced to its lane's rate (one per service, account
 * and region, as AWS sets quotas), bounded in time, counted in metrics, and its failure
 * translated into an UpstreamError. The only place a call leaves the gateway.
 */
export class UpstreamCalls {
  private readonly pacing = new Map<Service, { pacing: Pace; setting: string }>();

  constructor(private readonly options: CallsOptions) {
    for (const [service, pacing] of Object.entries(options.pacing ?? {}) as [Service, ServicePacing | undefined][]) {
      if (!pacing) continue;
      this.pacing.set(service, { pacing: options.paceFor?.(service, pacing) ?? new Pacing(pacing), setting: pacing.setting });
    }
    for (const [service, setting] of Object.entries(options.learn ?? {}) as [Service, string | undefined][]) {
      // A configured rate wins: nothing is learned for a service that has one.
      if (!setting || this.pacing.has(service)) continue;
      const onRate = (lane: string, rate: number | undefined) => options.metrics.observeLearnedRate?.(service, whereOf(lane), rate);
      this.pacing.set(service, { pacing: new LearnedPacing({ setting, onRate }), setting });
    }
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  async call<T>(service: Service, operation: string, where: Where, send: (signal: AbortSignal) => Promise<T>, typeName?: string): Promise<T> {
    // The wait for a turn is not part of the call, but it is bounded too: an overloaded pace
    // fails the call as throttled, at once, rather than let requests queue without end.
    let turn = await this.turn(service, operation, where, this.options.timeoutMs);
    let attempts = 1;
    const pace = this.pacing.get(service)?.pacing;
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      for (;;) {
        try {
          const result = await send(controller.signal);
          if (turn) pace?.answered?.(laneOf(where), turn, false);
          this.options.metrics.observe(service, operation, where, 'success', (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          const throttled = !timedOut && isThrottling(error);
          if (turn) pace?.answered?.(laneOf(where), turn, throttled);
          // A learning pace takes its throttled calls back: another turn, at the rate the
          // throttle just lowered, within what is left of the call's bound and attempts.
          if (throttled && pace?.answered && attempts < (this.options.maxAttempts ?? 1)) {
            attempts++;
            const next = await this.turn(service, operation, where, this.options.timeoutMs - (performance.now() - started), false);
            if (next) {
              turn = next;
              continue;
            }
          }
          throw error;
        }
      }
    } catch (error) {
      // Already the gateway's own: an account it may not act in, or a role it could not assume.
      if (error instanceof GatewayError) {
        this.options.metrics.observe(service, operation, where, error.code.toLowerCase(), (performance.now() - started) / 1000);
        throw error;
      }
      const translated = translateError(error, { service, operation, where, timedOut, timeoutMs: this.options.timeoutMs, typeName });
      this.options.metrics.observe(service, operation, where, outcomeLabel(translated), (performance.now() - started) / 1000);
      throw translated;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The lane's next turn within `maxWaitMs` (undefined for an unpaced service). None in time is a
   * THROTTLED error of the gateway's own, or, for a throttled call asking again (`refuse` false),
   * undefined: the service's own throttling is then the call's failure.
   */
  private async turn(service: Service, operation: string, where: Where, maxWaitMs: number, refuse = true): Promise<TakenTurn | undefined> {
    const lane = this.pacing.get(service);
    if (!lane) return undefined;
    const turn = await lane.pacing.take(laneOf(where), Math.max(0, maxWaitMs));
    if (turn.taken) return turn;
    if (!refuse) return undefined;
    this.options.metrics.observe(service, operation, where, 'throttled', 0);
    throw new UpstreamError(
      'THROTTLED',
      `${SERVICE_NAMES[service]} ${operation} in ${where.region} has no turn within ${this.options.timeoutMs} ms at ${lane.pacing.describe?.(laneOf(where)) ?? lane.setting} (the next is ${turn.waitMs} ms away); try again shortly.`,
      'GatewayPacing',
      undefined,
    );
  }
}

/** A lane: one service's quota in one account and region. */
const laneOf = (where: Where) => `${where.accountId}/${where.region}`;
const whereOf = (lane: string): Where => {
  const [accountId = '', region = ''] = lane.split('/');
  return { accountId, region };
};
