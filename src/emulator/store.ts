import { createHash, randomUUID } from 'node:crypto';
import type { Place } from './resources/arns';
import type { ResourceModel } from './resources/handler-rules';
import { CloudControlError } from './cloudcontrol/errors';

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
  account: string;
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
  place: Place;
  typeName: string;
  operation: WriteOperation;
  identifier: string;
  clientToken?: string;
  /** The request's parameters, to tell a retry (same token, same request) from a conflict. */
  parameters: unknown;
  model?: ResourceModel;
  handler: () => HandlerOutcome;
}

type Replayable = Pick<WriteSubmission, 'place' | 'operation' | 'typeName' | 'identifier' | 'parameters' | 'clientToken'>;

/** What makes two submissions the same request, for client tokens. */
const fingerprintOf = (submission: Replayable) =>
  createHash('sha256').update(JSON.stringify([submission.operation, submission.typeName, submission.identifier, submission.parameters])).digest('hex');

// Cloud Control's documented retention: request history for 7 days, client tokens for 36 hours.
const REQUEST_RETENTION_MS = 7 * 24 * 3600 * 1000;
const CLIENT_TOKEN_RETENTION_MS = 36 * 3600 * 1000;

/** When a resource was created and last changed, which the Image Builder API reports (dateCreated, dateUpdated). */
export interface ResourceDates {
  createdAt: number;
  updatedAt: number;
}

/** One key per account, region and type: the unit a ListResources call walks. */
const collectionKey = (place: Place, typeName: string) => JSON.stringify([place.account, place.region, typeName]);
const inPlace = (request: ResourceRequest, place: Place) => request.account === place.account && request.region === place.region;

/**
 * The emulator's state: resources by account, region, type and identifier, and the asynchronous
 * write requests. Writes finish lazily: every call first settles the requests whose time has
 * come, in the order they were due, so what a client observes is what a timer would give,
 * without timers to leak or to race.
 */
export class ResourceStore {
  private readonly collections = new Map<string, { place: Place; typeName: string; models: Map<string, ResourceModel>; dates: Map<string, ResourceDates> }>();
  private readonly requests = new Map<string, ResourceRequest>();
  private readonly clientTokens = new Map<string, { requestToken: string; fingerprint: string; expiresAt: number }>();
  // Not reset by clear(), so a list token from before a reset cannot name a newer request.
  private sequence = 0;
  /** While a handler that came due runs late (settle()), the time it came due: what it writes is dated then. */
  private handlingAt: number | undefined;

  constructor(
    private readonly writeDelayMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  clear(): void {
    this.collections.clear();
    this.requests.clear();
    this.clientTokens.clear();
  }

  /**
   * Keeps a model: a new resource is created now, an existing one updated now, unless `dates`
   * says otherwise (the demo data's history).
   */
  put(place: Place, typeName: string, identifier: string, model: ResourceModel, dates: Partial<ResourceDates> = {}): void {
    const key = collectionKey(place, typeName);
    let collection = this.collections.get(key);
    if (!collection) {
      this.collections.set(key, (collection = { place: { account: place.account, region: place.region }, typeName, models: new Map(), dates: new Map() }));
    }
    const now = this.handlingAt ?? this.now();
    collection.models.set(identifier, model);
    collection.dates.set(identifier, {
      createdAt: dates.createdAt ?? collection.dates.get(identifier)?.createdAt ?? now,
      updatedAt: dates.updatedAt ?? now,
    });
  }

  datesOf(place: Place, typeName: string, identifier: string): ResourceDates | undefined {
    return this.collections.get(collectionKey(place, typeName))?.dates.get(identifier);
  }

  get(place: Place, typeName: string, identifier: string): ResourceModel | undefined {
    return this.collections.get(collectionKey(place, typeName))?.models.get(identifier);
  }

  delete(place: Place, typeName: string, identifier: string): void {
    const collection = this.collections.get(collectionKey(place, typeName));
    collection?.models.delete(identifier);
    collection?.dates.delete(identifier);
  }

  /** Identifiers in a stable order, so list pages can resume after the last one they returned. */
  identifiers(place: Place, typeName: string): string[] {
    return [...(this.collections.get(collectionKey(place, typeName))?.models.keys() ?? [])].sort();
  }

  /** Every model of a type in one account and region. */
  models(place: Place, typeName: string): ResourceModel[] {
    return [...(this.collections.get(collectionKey(place, typeName))?.models.values() ?? [])];
  }

  /** What the store holds: identifiers by account, region and type, for the control API. */
  contents(): Record<string, Record<string, Record<string, string[]>>> {
    const contents: Record<string, Record<string, Record<string, string[]>>> = {};
    const sorted = [...this.collections.values()].sort((a, b) => collectionKey(a.place, a.typeName).localeCompare(collectionKey(b.place, b.typeName)));
    for (const { place, typeName, models } of sorted) {
      if (models.size === 0) continue;
      ((contents[place.account] ??= {})[place.region] ??= {})[typeName] = [...models.keys()].sort();
    }
    return contents;
  }

  /** Runs the handlers of the requests whose time has come, and forgets what has expired. */
  settle(): void {
    const now = this.now();
    this.finish(
      [...this.requests.values()].filter((request) => request.status === 'IN_PROGRESS' && request.completesAt <= now),
      (request) => request.completesAt,
    );
    for (const [token, request] of this.requests) {
      if (request.startedAt < now - REQUEST_RETENTION_MS) this.requests.delete(token);
    }
    for (const [token, entry] of this.clientTokens) {
      if (entry.expiresAt < now) this.clientTokens.delete(token);
    }
  }

  /**
   * Runs the handlers of in-progress requests now, whatever their delay: every one, or the one
   * with this token. Returns the requests it finished (none when that one had already finished).
   */
  complete(requestToken?: string): ResourceRequest[] {
    if (requestToken !== undefined && !this.requests.has(requestToken)) {
      throw new Error(`no request with token ${requestToken}`);
    }
    this.settle();
    const chosen = [...this.requests.values()].filter(
      (request) => request.status === 'IN_PROGRESS' && (requestToken === undefined || request.requestToken === requestToken),
    );
    this.finish(chosen);
    return chosen;
  }

  /** In the order the requests were due, then made, as a clock would have run them. */
  private finish(requests: ResourceRequest[], dueAt?: (request: ResourceRequest) => number): void {
    for (const request of requests.sort((a, b) => a.completesAt - b.completesAt || a.sequence - b.sequence)) {
      this.handlingAt = dueAt?.(request);
      let outcome: HandlerOutcome;
      try {
        outcome = request.handler();
      } finally {
        this.handlingAt = undefined;
      }
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
  }

  /**
   * The original request when this is a retry (same client token, same parameters), before the
   * request is checked against the resource as it now is: a retry does nothing new, so a change
   * that no longer applies once made (a removed path) is still answered with its request. The
   * same token on a different request is a conflict.
   */
  replayOf(submission: Replayable): ResourceRequest | undefined {
    if (!submission.clientToken) return undefined;
    const previous = this.clientTokens.get(this.clientTokenKey(submission));
    if (!previous) return undefined;
    if (previous.fingerprint !== fingerprintOf(submission)) {
      throw new CloudControlError('ClientTokenConflictException', `Client token ${submission.clientToken} was already used for a different resource request.`);
    }
    return this.requests.get(previous.requestToken);
  }

  private clientTokenKey(submission: Pick<Replayable, 'place' | 'clientToken'>): string {
    return JSON.stringify([submission.place.account, submission.place.region, submission.clientToken]);
  }

  /**
   * Starts a write, or, for a retry with the same client token and parameters, returns the
   * original request unchanged. The same token on a different request is a conflict, and a
   * second write to a resource with one in flight is refused.
   */
  submit(submission: WriteSubmission): ResourceRequest {
    const replayed = this.replayOf(submission);
    if (replayed) return replayed;
    const { place } = submission;
    const inFlight = [...this.requests.values()].find(
      (request) =>
        inPlace(request, place) &&
        request.typeName === submission.typeName &&
        request.identifier === submission.identifier &&
        request.status === 'IN_PROGRESS',
    );
    if (inFlight) {
      throw new CloudControlError(
        'ConcurrentOperationException',
        `Another ${inFlight.operation} operation (request token ${inFlight.requestToken}) is in progress on resource ${submission.identifier}.`,
      );
    }
    const startedAt = this.now();
    const request: ResourceRequest = {
      requestToken: randomUUID(),
      sequence: ++this.sequence,
      account: place.account,
      region: place.region,
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
      this.clientTokens.set(this.clientTokenKey(submission), {
        requestToken: request.requestToken,
        fingerprint: fingerprintOf(submission),
        expiresAt: startedAt + CLIENT_TOKEN_RETENTION_MS,
      });
    }
    return request;
  }

  /** A request of this account and region; another's token is as unknown as a made-up one. */
  request(place: Place, requestToken: string): ResourceRequest {
    const request = this.requests.get(requestToken);
    if (!request || !inPlace(request, place)) {
      throw new CloudControlError('RequestTokenNotFoundException', `Request with token ${requestToken} was not found.`);
    }
    return request;
  }

  allRequests(): ResourceRequest[] {
    return [...this.requests.values()];
  }

  /** Newest first, as the service lists them; `before` keeps only requests made before that sequence number. */
  requestsIn(place: Place, operations?: readonly string[], statuses?: readonly string[], before = Infinity): ResourceRequest[] {
    return [...this.requests.values()]
      .filter((request) => inPlace(request, place) && request.sequence < before)
      .filter((request) => !operations?.length || operations.includes(request.operation))
      .filter((request) => !statuses?.length || statuses.includes(request.status))
      .sort((a, b) => b.sequence - a.sequence);
  }

  cancel(place: Place, requestToken: string): ResourceRequest {
    const request = this.request(place, requestToken);
    if (request.status !== 'PENDING' && request.status !== 'IN_PROGRESS') {
      throw new CloudControlError(
        'ConcurrentModificationException',
        `Request ${requestToken} is ${request.status}; only PENDING or IN_PROGRESS requests can be cancelled.`,
      );
    }
    request.status = 'CANCEL_COMPLETE';
    request.statusMessage = 'Request cancelled by the caller.';
    return request;
  }
}
