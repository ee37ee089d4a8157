import type { ServerResponse } from 'node:http';
import { ServiceError } from './service-errors';

export interface FaultSettings {
  /** Added before every answer, like the service's own latency. */
  latencyMs: number;
  /** Up to this much more latency, drawn uniformly per call. */
  latencyJitterMs: number;
  /** Calls per second per region before ThrottlingException (HTTP 429); null for no limit. */
  ratePerSecond: number | null;
  /**
   * How many calls the rate limit lets through at once after a quiet spell (the token bucket's
   * size); null for one second's worth. A small burst makes the limit bind from the first call.
   */
  rateBurst: number | null;
  /** Share of calls (0–1) answered with HandlerInternalFailureException (HTTP 502). */
  failureRate: number;
  /** Share of calls (0–1) whose connection is cut. */
  dropRate: number;
  /** `before`: cut without doing anything; `after`: do the work, then cut, so the answer is lost. */
  dropPhase: 'before' | 'after';
  /** Share of calls (0–1) never answered: the upstream looks dead until the client gives up. */
  hangRate: number;
  /** Operations answered with AccessDeniedException, as when the caller lacks IAM permissions. */
  denyOperations: string[];
  /** Operations the faults above apply to; empty means all. Latency applies to all calls. */
  operations: string[];
  /** Resource identifiers the faults apply to; empty means all. */
  identifiers: string[];
  /** Stop injecting after this many faults (null: never stop), e.g. to lose exactly one answer. */
  maxFaults: number | null;
  /** Seed of the pseudo-random draws, so a fault pattern repeats exactly. */
  seed: number;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  latencyJitterMs: 0,
  ratePerSecond: null,
  rateBurst: null,
  failureRate: 0,
  dropRate: 0,
  dropPhase: 'before',
  hangRate: 0,
  denyOperations: [],
  operations: [],
  identifiers: [],
  maxFaults: null,
  seed: 1,
};

/** mulberry32: tiny, fast and reproducible, which is all fault injection needs. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type FaultVerdict = 'proceed' | 'drop-after' | 'dropped';

export class FaultInjector {
  private draw: () => number;
  private injected = 0;
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(private settings: FaultSettings) {
    this.draw = random(settings.seed);
  }

  configure(settings: FaultSettings): void {
    this.settings = settings;
    this.draw = random(settings.seed);
    this.injected = 0;
    this.buckets.clear();
  }

  /**
   * Runs before an operation. Throws the ServiceError to answer with, cuts or holds the
   * connection, or waits out the latency; the verdict says whether the work should go ahead.
   */
  async before(operation: string, region: string, identifier: unknown, response: ServerResponse): Promise<FaultVerdict> {
    const s = this.settings;
    const applies =
      (s.maxFaults === null || this.injected < s.maxFaults) &&
      (s.operations.length === 0 || s.operations.includes(operation)) &&
      (s.identifiers.length === 0 || s.identifiers.includes(identifier as string));
    const inject = () => {
      this.injected += 1;
      return true;
    };
    if (applies && s.denyOperations.includes(operation) && inject()) {
      throw new ServiceError(
        'AccessDeniedException',
        `User is not authorized to perform: cloudformation:${operation} because no identity-based policy allows the cloudformation:${operation} action`,
      );
    }
    if (applies && s.ratePerSecond !== null && !this.take(region, s.ratePerSecond) && inject()) {
      throw new ServiceError('ThrottlingException', 'Rate exceeded');
    }
    if (applies && s.dropRate > 0 && this.draw() < s.dropRate && inject()) {
      if (s.dropPhase === 'before') {
        response.socket?.destroy();
        return 'dropped';
      }
      await this.latency();
      return 'drop-after';
    }
    if (applies && s.hangRate > 0 && this.draw() < s.hangRate && inject()) {
      await new Promise<void>((resolve) => response.once('close', () => resolve()));
      return 'dropped';
    }
    await this.latency();
    if (applies && s.failureRate > 0 && this.draw() < s.failureRate && inject()) {
      throw new ServiceError('HandlerInternalFailureException', 'Internal failure in the resource handler (injected fault).');
    }
    return 'proceed';
  }

  private async latency(): Promise<void> {
    const ms = this.settings.latencyMs + (this.settings.latencyJitterMs > 0 ? this.draw() * this.settings.latencyJitterMs : 0);
    if (ms > 0) await sleep(ms);
  }

  /** Token bucket per region, refilled at `rate` a second and holding at most the burst. */
  private take(region: string, rate: number): boolean {
    const burst = this.settings.rateBurst ?? rate;
    const now = Date.now();
    const bucket = this.buckets.get(region) ?? { tokens: burst, refilledAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    this.buckets.set(region, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
