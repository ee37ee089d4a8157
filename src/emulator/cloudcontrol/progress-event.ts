import { withoutPaths } from '../resources/model-paths';
import { RESOURCE_TYPES } from '../resources/resource-types';
import type { ResourceRequest } from '../store';
import { epochSeconds } from './wire';

/** The wire form of a request's state (the model's ProgressEvent structure). */
export function progressEvent(request: ResourceRequest): Record<string, unknown> {
  const inProgress = request.status === 'IN_PROGRESS' || request.status === 'PENDING';
  // The desired state of a request in progress echoes what the caller sent: write-only values stay out of it too.
  const writeOnly = RESOURCE_TYPES.get(request.typeName)?.writeOnly ?? [];
  return {
    TypeName: request.typeName,
    Identifier: request.identifier,
    RequestToken: request.requestToken,
    Operation: request.operation,
    OperationStatus: request.status,
    EventTime: epochSeconds(request.startedAt),
    ...(request.model ? { ResourceModel: JSON.stringify(withoutPaths(request.model, writeOnly)) } : {}),
    ...(request.statusMessage ? { StatusMessage: request.statusMessage } : {}),
    ...(request.errorCode ? { ErrorCode: request.errorCode } : {}),
    ...(inProgress ? { RetryAfter: epochSeconds(Math.max(request.completesAt, Date.now())) } : {}),
  };
}
