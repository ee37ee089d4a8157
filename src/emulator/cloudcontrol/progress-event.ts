import { epochSeconds } from './protocol';
import type { ResourceRequest } from './store';

/** The wire form of a request's state (the model's ProgressEvent structure). */
export function progressEvent(request: ResourceRequest): Record<string, unknown> {
  const inProgress = request.status === 'IN_PROGRESS' || request.status === 'PENDING';
  return {
    TypeName: request.typeName,
    Identifier: request.identifier,
    RequestToken: request.requestToken,
    Operation: request.operation,
    OperationStatus: request.status,
    EventTime: epochSeconds(request.startedAt),
    ...(request.model ? { ResourceModel: JSON.stringify(request.model) } : {}),
    ...(request.statusMessage ? { StatusMessage: request.statusMessage } : {}),
    ...(request.errorCode ? { ErrorCode: request.errorCode } : {}),
    ...(inProgress ? { RetryAfter: epochSeconds(Math.max(request.completesAt, Date.now())) } : {}),
  };
}
