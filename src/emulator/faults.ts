import type { ServerResponse } from 'node:http';
import type { AwsService } from './aws-service';
import type { HANDLER_ERROR_CODES } from './cloudcontrol/errors';
import type { BuildFailure } from './image-store';
import type { HandlerFailure } from './operation-context';

/**
 * A write refused by the call itself: an error the called service's model declares for its
 * writes (see AwsService.rejectWrite), answered with its status, and an optional message.
 */
export interface RejectWrites {
  errorName: string;
  message?: string;
}

/** A write accepted (IN_PROGRESS) whose handler then fails with this ErrorCode and StatusMessage. */
export interface FailWrites {
  errorCode: (typeof HANDLER_ERROR_CODES)[number];
  message?: string;
}

/** Builds made to fail: how many of the next ones, why, and in which step. */
export interface FailBuilds extends BuildFailure {
  count: number;
}

export interface FaultSettings {
  /** Added before every answer, like the service's own latency. */
  latencyMs: number;
  /** Up to this much more latency, drawn uniformly per call. */
  latencyJitterMs: number;
  /**
   * Calls per second, per service, account and region, before the service's throttling error
   * (Cloud Control's ThrottlingException, Image Builder's CallRateLimitExceededException, STS's
   * Throttling); null for no limit.
   */
  ratePerSecond: number | null;
  /**
   * How many calls the rate limit lets through at once after a quiet spell (the token bucket's
   * size); null for one second's worth. A small burst makes the limit bind from the first call.
   */
  rateBurst: number | null;
  /** Share of calls (0–1) answered with the service's internal failure (Cloud Control's HandlerInternalFailureException, 502). */
  failureRate: number;
  /** Share of calls (0–1) whose connection is cut. */
  dropRate: number;
  /** `before`: cut without doing anything; `after`: do the work, then cut, so the answer is lost. */
  dropPhase: 'before' | 'after';
  /** Share of calls (0–1) never answered: the upstream looks dead until the client gives up. */
  hangRate: number;
  /** Operations (of any service) answered with the service's denial, as when the caller lacks IAM permissions. */
  denyOperations: string[];
  /** Writes (Cloud Control's Create, Update and Delete; Image Builder's StartImagePipelineExecution and CancelImageCreation) refused with this error: the service turns down a write the client thought valid. */
  rejectWrites: RejectWrites | null;
  /** Create, Update and Delete calls accepted, whose requests then end FAILED with this ErrorCode. */
  failWrites: FailWrites | null;
  /** The next `count` image builds (started by hand or by schedule) end FAILED with this reason, in BUILDING unless `during` says. */
  failBuilds: FailBuilds | null;
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
  rejectWrites: null,
  failWrites: null,
  failBuilds: null,
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

/** What the call should do after the faults: go ahead (perhaps with its handler set to fail), or stop, its connection cut or to be cut. */
export interface FaultVerdict {
  action: 'proceed' | 'drop-after' | 'dropped';
  handlerFailure?: HandlerFailure;
}

/** The call the faults look at. */
export interface FaultedCall {
  /** The service called: its errors are the ones injected. */
  service: AwsService;
  operation: string;
  account: string;
  region: string;
  identifier?: string;
}

export class FaultInjector {
  private draw: () => number;
  private injected = 0;
  private failedBuilds = 0;
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number }>();

  constructor(private settings: FaultSettings) {
    this.draw = random(settings.seed);
  }

  configure(settings: FaultSettings): void {
    this.settings = settings;
    this.draw = random(settings.seed);
    this.injected = 0;
    this.failedBuilds = 0;
    this.buckets.clear();
  }

  /** The failure the next build is given, while `failBuilds` has some left; taking it counts it. */
  takeBuildFailure(): BuildFailure | undefined {
    const failBuilds = this.settings.failBuilds;
    if (!failBuilds || this.failedBuilds >= failBuilds.count) return undefined;
    this.failedBuilds += 1;
    return { reason: failBuilds.reason, ...(failBuilds.during ? { during: failBuilds.during } : {}) };
  }

  /**
   * Runs before an operation. Throws the ServiceError to answer with, cuts or holds the
   * connection, or waits out the latency; the verdict says whether the work should go ahead.
   */
  async before(call: FaultedCall, response: ServerResponse): Promise<FaultVerdict> {
    const s = this.settings;
    const { operation, service } = call;
    const isWrite = service.isWrite(operation);
    const applies =
      (s.maxFaults === null || this.injected < s.maxFaults) &&
      (s.operations.length === 0 || s.operations.includes(operation)) &&
      (s.identifiers.length === 0 || (call.identifier !== undefined && s.identifiers.includes(call.identifier)));
    const inject = () => {
      this.injected += 1;
      return true;
    };
    if (applies && s.denyOperations.includes(operation) && inject()) throw service.errors.accessDenied(operation);
    // A service whose model does not declare the error for its writes is not refused with it.
    const reject = applies && isWrite ? s.rejectWrites : null;
    const rejection = reject && service.rejectWrite(reject.errorName, reject.message ?? `${operation} was refused with ${reject.errorName} (injected fault).`);
    if (rejection && inject()) throw rejection;
    const bucket = JSON.stringify([service.signingName, call.account, call.region]);
    if (applies && s.ratePerSecond !== null && !this.take(bucket, s.ratePerSecond) && inject()) throw service.errors.throttling();
    if (applies && s.dropRate > 0 && this.draw() < s.dropRate && inject()) {
      if (s.dropPhase === 'before') {
        response.socket?.destroy();
        return { action: 'dropped' };
      }
      await this.latency();
      return { action: 'drop-after' };
    }
    if (applies && s.hangRate > 0 && this.draw() < s.hangRate && inject()) {
      await new Promise<void>((resolve) => response.once('close', () => resolve()));
      return { action: 'dropped' };
    }
    await this.latency();
    if (applies && s.failureRate > 0 && this.draw() < s.failureRate && inject()) {
      throw service.errors.internalFailure('Internal failure in the service (injected fault).');
    }
    if (applies && isWrite && service.acceptsHandlerFailures && s.failWrites && inject()) {
      const { errorCode, message } = s.failWrites;
      return { action: 'proceed', handlerFailure: { errorCode, message: message ?? `The handler failed with ${errorCode} (injected fault).` } };
    }
    return { action: 'proceed' };
  }

  private async latency(): Promise<void> {
    const ms = this.settings.latencyMs + (this.settings.latencyJitterMs > 0 ? this.draw() * this.settings.latencyJitterMs : 0);
    if (ms > 0) await sleep(ms);
  }

  /** Token bucket per service, account and region (as AWS's quotas are), refilled at `rate` a second and holding at most the burst. */
  private take(key: string, rate: number): boolean {
    const burst = this.settings.rateBurst ?? rate;
    const now = Date.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, refilledAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * rate);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
