import { randomUUID } from 'node:crypto';
import { mayHaveBeenApplied } from '../cloudcontrol/cloud-control';
import type { ResourceRequestState, WriteOperation } from '../cloudcontrol/progress';
import { UpstreamError } from '../cloudcontrol/errors';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import {
  Conflict,
  NotUpdatable,
  PipelineAlreadyExists,
  PipelineNotFound,
  RequestFailed,
  ValidationFailed,
} from './mutation-errors';
import { pipelineKey } from './pipeline-ref';

export interface WriteResult {
  request: ResourceRequestState;
  clientToken: string;
}

const CLIENT_TOKEN = /^[-A-Za-z0-9+/=]{1,128}$/;

/** The caller's client token, checked, or a fresh one, so every write can be retried safely. */
export function clientTokenOf(given: string | null | undefined): string {
  if (given === null || given === undefined) return randomUUID();
  if (!CLIENT_TOKEN.test(given)) {
    throw new ValidationFailed([
      {
        path: '',
        field: 'clientToken',
        rule: 'pattern',
        message: 'clientToken must be 1–128 characters of letters, digits, -, +, / and =',
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

/**
 * Makes a write in its turn (context.writes: after the request's earlier writes were sent, and
 * after its earlier writes to the same pipeline finished), then with `wait` follows it to a final
 * status alongside the request's other waits, and turns Cloud Control's expected refusals,
 * immediate or as a FAILED request, into the schema's typed errors. `check` runs in the turn, so
 * the state it reads is after the writes before it; it returns the call to make. Whatever the
 * request touched is dropped from this request's loader, so nothing after it reads old state.
 * Must be called before the resolver's first await, to take its turn in document order.
 */
export async function submitWrite(context: GatewayContext, write: PlannedWrite, check: () => Send | Promise<Send>): Promise<WriteResult> {
  const turn = context.writes.takeTurn(`${write.region}|${write.pipeline}`);
  let request: ResourceRequestState;
  try {
    await turn.ready;
    request = await send(context, write, await check());
  } catch (error) {
    turn.release();
    throw error;
  }
  const forget = (state: ResourceRequestState) => {
    const identifier = state.identifier ?? write.arn;
    if (identifier) context.loaders.forget(pipelineKey(write.region, identifier));
  };
  forget(request);
  if (write.wait) {
    const settled = context.writes.follow(request);
    turn.release(settled);
    request = await settled;
    forget(request);
  } else {
    turn.release();
  }
  if (request.status === 'FAILED') throw failedRequestError(request, write);
  return { request, clientToken: write.clientToken };
}

/** The call itself, counted against MAX_UPSTREAM_KEYS and recorded with its tokens. */
async function send(context: GatewayContext, write: PlannedWrite, call: Send): Promise<ResourceRequestState> {
  context.budget.spend(CALL_OF[write.operation], write.region);
  const record = context.writes.record({ operation: write.operation, region: write.region, arn: write.arn, clientToken: write.clientToken });
  try {
    const request = await call(write.clientToken);
    Object.assign(record, { outcome: 'accepted', requestToken: request.requestToken, arn: request.identifier ?? write.arn });
    return request;
  } catch (error) {
    const refusal = typedRefusal(error, write);
    const unknown = !refusal && mayHaveBeenApplied(error);
    record.outcome = unknown ? 'unknown' : 'refused';
    if (unknown) throw new WriteOutcomeUnknown(error, write.clientToken);
    throw refusal ?? error;
  }
}

/**
 * A write whose answer was lost (no answer in time, a cut connection, a server error, throttling
 * after retries): Cloud Control may have applied it. The error says so and carries the client
 * token, the one thing that makes a retry safe: Cloud Control applies a token once and answers a
 * repeat with the original request.
 */
export class WriteOutcomeUnknown extends GatewayError {
  constructor(cause: unknown, clientToken: string) {
    const upstream = cause instanceof GatewayError ? cause : undefined;
    super(
      upstream?.code ?? 'INTERNAL_SERVER_ERROR',
      `${upstream?.message ?? 'The write failed unexpectedly.'} Its outcome is unknown: Cloud Control may have applied it. ` +
        `Repeating this mutation with clientToken "${clientToken}" is safe: Cloud Control applies a client token once and answers a repeat with the original request.`,
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
