import { GatewayError } from '../errors';
import { outcomeLabel, translateError, UpstreamError } from './errors';
import type { UpstreamMetrics } from './metrics';
import { type Pace, Pacing, type PacingOptions } from './pacing';
import { SERVICE_NAMES, type Service, type Where } from './where';

export interface ServicePacing extends PacingOptions {
  /** The setting that gives the rate, named when a call finds no turn. */
  setting: string;
}

export interface CallsOptions {
  /** Bound on one call, retries included: a slow or dead upstream fails the call, never hangs it. */
  timeoutMs: number;
  metrics: UpstreamMetrics;
  /** A rate to keep to per account and region, by service; a service without one is unpaced. */
  pacing?: Partial<Record<Service, ServicePacing>>;
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
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  async call<T>(service: Service, operation: string, where: Where, send: (signal: AbortSignal) => Promise<T>, typeName?: string): Promise<T> {
    // The wait for a turn is not part of the call, but it is bounded too: an overloaded pace
    // fails the call as throttled, at once, rather than let requests queue without end.
    await this.turn(service, operation, where);
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const result = await send(controller.signal);
      this.options.metrics.observe(service, operation, where, 'success', (performance.now() - started) / 1000);
      return result;
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

  private async turn(service: Service, operation: string, where: Where): Promise<void> {
    const lane = this.pacing.get(service);
    if (!lane) return;
    const turn = await lane.pacing.take(`${where.accountId}/${where.region}`, this.options.timeoutMs);
    if (turn.taken) return;
    this.options.metrics.observe(service, operation, where, 'throttled', 0);
    throw new UpstreamError(
      'THROTTLED',
      `${SERVICE_NAMES[service]} ${operation} in ${where.region} has no turn within ${this.options.timeoutMs} ms at ${lane.setting} (the next is ${turn.waitMs} ms away); try again shortly.`,
      'GatewayPacing',
      undefined,
    );
  }
}
