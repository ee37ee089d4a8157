import { randomUUID } from 'node:crypto';
import { mayHaveBeenApplied } from '../upstream/errors';
import { TOKEN_PATTERN, TOKEN_RULE } from '../upstream/cloudcontrol/model-limits';
import type { ResourceRequestState, WriteOperation } from '../upstream/cloudcontrol/progress';
import { UpstreamError } from '../upstream/errors';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import {
  Conflict,
  NotUpdatable,
  PipelineAlreadyExists,
  PipelineNotFound,
  RequestFailed,
  ValidationFailed,
  WRITE_ERRORS,
} from './mutation-errors';
import { pipelineKey } from './pipeline-ref';
import { stringRules } from '../resources/api-model';
import type { WriteRecord } from '../writes/request-writes';

export interface WriteResult {
  request: ResourceRequestState;
  clientToken: string;
  /** The pipeline the write names (no ARN for a create) and its region. */
  target: WriteTarget;
}

export interface WriteTarget {
  region: string;
  arn: string | null;
}


/** The caller's client token, checked, or a fresh one, so every write can be retried safely. */
export function clientTokenOf(given: string | null | undefined): string {
  if (given === null || given === undefined) return randomUUID();
  if (!TOKEN_PATTERN.test(given)) {
    throw new ValidationFailed([
      {
        path: '',
        field: 'clientToken',
        rule: 'pattern',
        message: `clientToken must be ${TOKEN_RULE}`,
      },
    ]);
  }
  return given;
}

const IMAGE_BUILDER_TOKEN = stringRules('ClientToken');

/** The same for Image Builder's writes, whose ClientToken is 1–64 characters of anything. */
export function imageBuilderClientTokenOf(given: string | null | undefined): string {
  if (given === null || given === undefined) return randomUUID();
  const { min, max = Infinity } = IMAGE_BUILDER_TOKEN;
  if (given.length < min || given.length > max) {
    throw new ValidationFailed([
      {
        path: '',
        field: 'clientToken',
        rule: given.length < min ? 'minLength' : 'maxLength',
        message: `clientToken must be ${min}–${max} characters (Image Builder's ClientToken); it has ${given.length}`,
      },
    ]);
  }
  return given;
}

/**
 * The extensions of the mutation fields that make their write through submitWrite, which keeps
 * their side effects in document order by itself: a mutation made only of such fields runs them
 * concurrently (plugins/concurrent-writes.ts).
 */
export const WRITES_IN_TURN = { writesInTurn: true } as const;

/** A write about to be made: what it targets, its token, and whether the caller waits for it. */
export interface PlannedWrite {
  operation: WriteOperation;
  region: string;
  /** The pipeline's ARN; null for a create. */
  arn: string | null;
  /** The pipeline's name as its ARN spells it: writes to one pipeline keep their order within a request. */
  pipeline: string;
  clientToken: string;
  wait: boolean;
}

export type Send = (clientToken: string) => Promise<ResourceRequestState>;

const CALL_OF: Record<WriteOperation, string> = { CREATE: 'CreateResource', UPDATE: 'UpdateResource', DELETE: 'DeleteResource' };

/** What a write resolver hands submitWrite: the write, and how to check it and make its call. */
export interface WritePlan {
  write: PlannedWrite;
  /** Checks the write against current state (it may read) and returns the call to make. */
  prepare: () => Send | Promise<Send>;
}

/**
 * Makes a write in its turn (context.writes): `plan` (the input's checks) runs once the
 * request's earlier writes were sent, `prepare` once its earlier writes to the same pipeline
 * finished, so the state it reads is after them; then the call. With `wait`, the write is
 * followed to a final status alongside the request's other waits. Cloud Control's expected
 * refusals, immediate or as a FAILED request, become the schema's typed errors; any other error
 * fails the mutation, and the request's later writes are not sent. Whatever the request touched
 * is dropped from this request's loader, so nothing after it reads old state. Must be called
 * before the resolver's first await, to take its turn in document order.
 */
export async function submitWrite(context: GatewayContext, field: string, plan: () => WritePlan): Promise<WriteResult> {
  const turn = context.writes.takeTurn();
  let write: PlannedWrite;
  let request: ResourceRequestState;
  try {
    await turn.previous;
    const stopped = context.writes.stopped;
    // graphql-js reports only the error that stopped the mutation (it nulls the whole result), so
    // this one is never shown: it only keeps the write from being sent.
    if (stopped) throw new GatewayError('NOT_ATTEMPTED', `Not sent: ${stopped.path} failed before it, and a mutation stops at its first error.`, { failed: stopped.path });
    const planned = plan();
    write = planned.write;
    await context.writes.settled(pipelineOf(write));
    request = await send(context, write, await planned.prepare());
  } catch (error) {
    if (!WRITE_ERRORS.some((type) => error instanceof type)) context.writes.stop(field, error as Error);
    // On the next turn of the event loop: by then this error has reached graphql-js, so it is
    // the one the mutation reports, not the refusal of a write after it.
    setImmediate(() => turn.release());
    throw error;
  }
  const forget = (state: ResourceRequestState) => {
    const identifier = state.identifier ?? write.arn;
    if (identifier) context.loaders.forget(pipelineKey(write.region, identifier));
  };
  forget(request);
  if (write.wait) {
    const settled = context.writes.follow(request);
    turn.release(pipelineOf(write), settled);
    request = await settled;
    forget(request);
  } else {
    turn.release();
  }
  if (request.status === 'FAILED') throw failedRequestError(request, write);
  return { request, clientToken: write.clientToken, target: { region: write.region, arn: write.arn } };
}

const pipelineOf = (write: PlannedWrite) => `${write.region}|${write.pipeline}`;

/** The call itself, counted against MAX_UPSTREAM_KEYS and recorded with its tokens. */
async function send(context: GatewayContext, write: PlannedWrite, call: Send): Promise<ResourceRequestState> {
  context.budget.spend(CALL_OF[write.operation], write.region);
  return recordedWrite(
    context,
    { operation: write.operation, region: write.region, arn: write.arn, clientToken: write.clientToken },
    CLOUD_CONTROL_RETRY,
    () => call(write.clientToken),
    (error) => typedRefusal(error, write),
    (request) => ({ requestToken: request.requestToken, arn: request.identifier ?? write.arn }),
  );
}

/** What a service does with a repeated client token, which is what makes retrying a lost write safe. */
export interface RetryRule {
  service: string;
  repeat: string;
}

const CLOUD_CONTROL_RETRY: RetryRule = { service: 'Cloud Control', repeat: 'answers a repeat with the original request' };

/**
 * A write's call, recorded in the request's writes with its tokens (the request log, and the
 * shutdown log when its answer cannot be delivered): an expected refusal becomes its typed
 * result (`refusalOf`), and a lost answer WriteOutcomeUnknown, which carries the client token.
 */
export async function recordedWrite<T>(
  context: GatewayContext,
  write: Omit<WriteRecord, 'outcome'>,
  retry: RetryRule,
  call: () => Promise<T>,
  refusalOf: (error: unknown) => Error | undefined,
  answered: (result: T) => Partial<WriteRecord>,
): Promise<T> {
  const record = context.writes.record(write);
  try {
    const result = await call();
    Object.assign(record, { outcome: 'accepted', ...answered(result) });
    return result;
  } catch (error) {
    const refusal = refusalOf(error);
    const unknown = !refusal && mayHaveBeenApplied(error);
    record.outcome = unknown ? 'unknown' : 'refused';
    if (unknown) throw new WriteOutcomeUnknown(error, write.clientToken, retry);
    throw refusal ?? error;
  }
}

/**
 * A write whose answer was lost (no answer in time, a cut connection, a server error, throttling
 * after retries): the service may have applied it. The error says so and carries the client
 * token, the one thing that makes a retry safe: the service applies a token once and answers a
 * repeat with the original result.
 */
export class WriteOutcomeUnknown extends GatewayError {
  constructor(cause: unknown, clientToken: string, retry: RetryRule = CLOUD_CONTROL_RETRY) {
    const upstream = cause instanceof GatewayError ? cause : undefined;
    super(
      upstream?.code ?? 'INTERNAL_SERVER_ERROR',
      `${upstream?.message ?? 'The write failed unexpectedly.'} Its outcome is unknown: ${retry.service} may have applied it. ` +
        `Repeating this mutation with clientToken "${clientToken}" is safe: ${retry.service} applies a client token once and ${retry.repeat}.`,
      { ...upstream?.details, clientToken },
    );
    this.cause = cause;
  }
}

function typedRefusal(error: unknown, target: PlannedWrite): Error | undefined {
  if (!(error instanceof UpstreamError)) return undefined;
  const message = error.upstreamMessage ?? error.message;
  switch (error.awsErrorName) {
    case 'ResourceNotFoundException':
      return target.arn ? new PipelineNotFound(target.arn, target.region) : undefined;
    case 'AlreadyExistsException':
      return new PipelineAlreadyExists(target.arn, message);
    case 'NotUpdatableException':
      return new NotUpdatable(message);
    case 'ConcurrentOperationException':
      return new Conflict('CONCURRENT_OPERATION', message);
    case 'ClientTokenConflictException':
      return new Conflict('CLIENT_TOKEN_CONFLICT', message);
    case 'ResourceConflictException':
      return new Conflict('RESOURCE_CONFLICT', message);
    case 'InvalidRequestException':
    case 'ValidationException':
      return new ValidationFailed([{ path: '', field: null, rule: 'cloudControl', message: `Cloud Control refused the request: ${message}` }]);
    default:
      return undefined;
  }
}

function failedRequestError(request: ResourceRequestState, target: PlannedWrite): Error {
  const arn = request.identifier ?? target.arn;
  switch (request.errorCode) {
    case 'NotFound':
      return new PipelineNotFound(arn ?? '', target.region, request);
    case 'AlreadyExists':
      return new PipelineAlreadyExists(arn, request.statusMessage ?? 'A pipeline with this name already exists.', request);
    case 'NotUpdatable':
      return new NotUpdatable(request.statusMessage ?? 'A property that cannot be updated was changed.', request);
    default:
      return new RequestFailed(request);
  }
}
