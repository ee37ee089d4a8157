import { randomUUID } from 'node:crypto';
import { TOKEN_PATTERN, TOKEN_RULE } from '../cloudcontrol/model-limits';
import type { ResourceRequestState } from '../cloudcontrol/progress';
import { UpstreamError } from '../cloudcontrol/errors';
import { waitForRequest } from '../cloudcontrol/wait';
import type { GatewayContext } from '../context';
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

/**
 * Sends a write, then (with `wait`) follows it to a final status, and turns Cloud Control's
 * expected refusals, immediate or as a FAILED request, into the schema's typed errors. Whatever
 * the request touched is dropped from this request's loader, so nothing after it reads old state.
 */
export async function submitWrite(
  context: GatewayContext,
  target: WriteTarget,
  clientToken: string,
  wait: boolean,
  send: (clientToken: string) => Promise<ResourceRequestState>,
): Promise<WriteResult> {
  let request: ResourceRequestState;
  try {
    request = await send(clientToken);
  } catch (error) {
    throw typedRefusal(error, target) ?? error;
  }
  const forget = (state: ResourceRequestState) => {
    const identifier = state.identifier ?? target.arn;
    if (identifier) context.loaders.forget(pipelineKey(target.region, identifier));
  };
  forget(request);
  if (wait) {
    request = await waitForRequest(context.cloudControl, request, {
      timeoutMs: context.settings.writeWaitMs,
      minIntervalMs: context.settings.pollIntervalMs,
    });
    forget(request);
  }
  if (request.status === 'FAILED') throw failedRequestError(request, target);
  return { request, clientToken, target };
}

function typedRefusal(error: unknown, target: WriteTarget): Error | undefined {
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

function failedRequestError(request: ResourceRequestState, target: WriteTarget): Error {
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
