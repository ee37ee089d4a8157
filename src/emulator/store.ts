import { createHash, randomUUID } from 'node:crypto';
import type { ResourceModel } from '../resource/image-pipeline-type';
import { ServiceError } from './service-errors';

export type WriteOperation = 'CREATE' | 'UPDATE' | 'DELETE';
export type OperationStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCEL_IN_PROGRESS' | 'CANCEL_COMPLETE';
export const WRITE_OPERATIONS: readonly WriteOperation[] = ['CREATE', 'UPDATE', 'DELETE'];
export const OPERATION_STATUSES: readonly OperationStatus[] = [
  'PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCEL_IN_PROGRESS', 'CANCEL_COMPLETE',
];

/** What a resource handler decides when a write completes. */
export type HandlerOutcome =
  | { status: 'SUCCESS'; model?: ResourceModel }
  | { status: 'FAILED'; errorCode: string; message: string };

export interface ResourceRequest {
  requestToken: string;
  /**
   * The request's place in the order requests were made: its EventTime order, without the ties
   * of a millisecond clock. List pages resume from it, since it never changes with status.
   */
  sequence: number;
  region: string;
  typeName: string;
  operation: WriteOperation;
  identifier: string;
  status: OperationStatus;
  startedAt: number;
  completesAt: number;
  statusMessage?: string;
  errorCode?: string;
  /** The desired model while in progress, the resulting one after a successful create or update. */
  model?: ResourceModel;
  clientToken?: string;
  handler: () => HandlerOutcome;
}

export interface WriteSubmission {
  region: string;
  typeName: string;
  operation: WriteOperation;
  identifier: string;
  clientToken?: string;
  /** The request's parameters, to tell a retry (same token, same request) from a conflict. */
  parameters: unknown;
  model?: ResourceModel;
  handler: () => HandlerOutcome;
}

type Replayable = Pick<WriteSubmission, 'region' | 'operation' | 'typeName' | 'identifier' | 'parameters' | 'clientToken'>;

/** What makes two submissions the same request, for client tokens. */
const fingerprintOf = (submission: Replayable) =>
  createHash('sha256').update(JSON.stringify([submission.operation, submission.typeName, submission.identifier, submission.parameters])).digest('hex');

// Cloud Control's documented retention: request history for 7 days, client tokens for 36 hours.
const REQUEST_RETENTION_MS = 7 * 24 * 3600 * 1000;
const CLIENT_TOKEN_RETENTION_MS = 36 * 3600 * 1000;

/**
 * The emulator's state: pipelines per region and the asynchronous write requests. Writes finish
 * lazily: every call first settles the requests whose time has come, in the order they were due,
 * so what a client observes is what a timer would give, without timers to leak or to race.
 */
export class ResourceStore {
  private readonly pipelines = new Map<string, Map<string, ResourceModel>>();
  private readonly requests = new Map<string, ResourceRequest>();
  private readonly clientTokens = new Map<string, { requestToken: string; fingerprint: string; expiresAt: number }>();
  // Not reset by clear(), so a list token from before a reset cannot name a newer request.
  private sequence = 0;

  constructor(
    private readonly writeDelayMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  clear(): void {
    this.pipelines.clear();
    this.requests.clear();
    this.clientTokens.clear();
  }

  put(region: string, model: ResourceModel): void {
    let regional = this.pipelines.get(region);
    if (!regional) this.pipelines.set(region, (regional = new Map()));
    regional.set(model.Arn as string, model);
  }

  get(region: string, arn: string): ResourceModel | undefined {
    return this.pipelines.get(region)?.get(arn);
  }

  delete(region: string, arn: string): void {
    this.pipelines.get(region)?.delete(arn);
  }

  /** Identifiers in a stable order, so list pages can resume after the last one they returned. */
  identifiers(region: string): string[] {
    return [...(this.pipelines.get(region)?.keys() ?? [])].sort();
  }

  regions(): string[] {
    return [...this.pipelines.keys()].sort();
  }

  settle(): void {
    const now = this.now();
    const due = [...this.requests.values()]
      .filter((request) => request.status === 'IN_PROGRESS' && request.completesAt <= now)
      .sort((a, b) => a.completesAt - b.completesAt);
    for (const request of due) {
      const outcome = request.handler();
      request.status = outcome.status;
      if (outcome.status === 'SUCCESS') {
        request.model = outcome.model;
        request.statusMessage = undefined;
      } else {
        request.errorCode = outcome.errorCode;
        request.statusMessage = outcome.message;
        request.model = undefined;
      }
    }
    for (const [token, request] of this.requests) {
      if (request.startedAt < now - REQUEST_RETENTION_MS) this.requests.delete(token);
    }
    for (const [token, entry] of this.clientTokens) {
      if (entry.expiresAt < now) this.clientTokens.delete(token);
    }
  }

  /**
   * The original request when this is a retry (same client token, same parameters), before the
   * request is checked against the resource as it now is: a retry does nothing new, so a change
   * that no longer applies once made (a removed path) is still answered with its request. The
   * same token on a different request is a conflict.
   */
  replayOf(submission: Replayable): ResourceRequest | undefined {
    if (!submission.clientToken) return undefined;
    const previous = this.clientTokens.get(`${submission.region}:${submission.clientToken}`);
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprintOf(submission)) {
      throw new ServiceError('ClientTokenConflictException', `Client token ${submission.clientToken} was already used for a different resource request.`);
    }
    return this.requests.get(previous.requestToken);
  }

  /**
   * Starts a write, or, for a retry with the same client token and parameters, returns the
   * original request unchanged. The same token on a different request is a conflict, and a
   * second write to a resource with one in flight is refused.
   */
  submit(submission: WriteSubmission): ResourceRequest {
    const replayed = this.replayOf(submission);
    if (replayed) return replayed;
    const inFlight = [...this.requests.values()].find(
      (request) => request.region === submission.region && request.identifier === submission.identifier && request.status === 'IN_PROGRESS',
    );
    if (inFlight) {
      throw new ServiceError(
        'ConcurrentOperationException',
        `Another ${inFlight.operation} operation (request token ${inFlight.requestToken}) is in progress on resource ${submission.identifier}.`,
      );
    }
    const startedAt = this.now();
    const request: ResourceRequest = {
      requestToken: randomUUID(),
      sequence: ++this.sequence,
      region: submission.region,
      typeName: submission.typeName,
      operation: submission.operation,
      identifier: submission.identifier,
      status: 'IN_PROGRESS',
      startedAt,
      completesAt: startedAt + this.writeDelayMs(),
      model: submission.model,
      clientToken: submission.clientToken,
      handler: submission.handler,
    };
    this.requests.set(request.requestToken, request);
    if (submission.clientToken) {
      this.clientTokens.set(`${submission.region}:${submission.clientToken}`, {
        requestToken: request.requestToken,
        fingerprint: fingerprintOf(submission),
        expiresAt: startedAt + CLIENT_TOKEN_RETENTION_MS,
      });
    }
    return request;
  }

  request(region: string, requestToken: string): ResourceRequest {
    const request = this.requests.get(requestToken);
    if (!request || request.region !== region) {
      throw new ServiceError('RequestTokenNotFoundException', `Request with token ${requestToken} was not found.`);
    }
    return request;
  }

  allRequests(): ResourceRequest[] {
    return [...this.requests.values()];
  }

  /** Newest first, as the service lists them; `before` keeps only requests made before that sequence number. */
  requestsIn(region: string, operations?: readonly string[], statuses?: readonly string[], before = Infinity): ResourceRequest[] {
    return [...this.requests.values()]
      .filter((request) => request.region === region && request.sequence < before)
      .filter((request) => !operations?.length || operations.includes(request.operation))
      .filter((request) => !statuses?.length || statuses.includes(request.status))
      .sort((a, b) => b.sequence - a.sequence);
  }

  cancel(region: string, requestToken: string): ResourceRequest {
    const request = this.request(region, requestToken);
    if (request.status !== 'PENDING' && request.status !== 'IN_PROGRESS') {
      throw new ServiceError(
        'ConcurrentModificationException',
        `Request ${requestToken} is ${request.status}; only PENDING or IN_PROGRESS requests can be cancelled.`,
      );
    }
    request.status = 'CANCEL_COMPLETE';
    request.statusMessage = 'Request cancelled by the caller.';
    return request;
  }
}
