import { GatewayError, type GatewayErrorCode } from '../errors';
import { resourceTypeOf } from '../resources/registry';
import { SERVICE_NAMES, type Service, type Where } from './where';

/**
 * A failed upstream call, translated: `code` is what the client is told, `awsErrorName` the
 * service's own error (ResourceNotFoundException, ThrottlingException, …) for the layers that
 * map specific failures to typed results.
 */
export class UpstreamError extends GatewayError {
  /** The service's own message, kept for refusals the schema turns into typed results. */
  upstreamMessage: string | undefined;

  constructor(
    code: GatewayErrorCode,
    message: string,
    readonly awsErrorName: string,
    awsRequestId: string | undefined,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, { ...details, ...(awsRequestId ? { awsRequestId } : {}), awsErrorName });
  }
}

/** The resource handler a Cloud Control operation runs, whose permissions a denied call lacked. */
const HANDLER_OF: Record<string, 'read' | 'list' | 'create' | 'update' | 'delete' | undefined> = {
  GetResource: 'read',
  ListResources: 'list',
  CreateResource: 'create',
  UpdateResource: 'update',
  DeleteResource: 'delete',
};

// Error names by meaning, across Cloud Control, Image Builder and STS (each model's own words).
const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'CallRateLimitExceededException']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'InvalidCredentialsException', 'ForbiddenException']);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'ExpiredTokenException',
  'ExpiredToken',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'CredentialsProviderError',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'RequestTokenNotFoundException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/**
 * Socket failures carry a `code`; when the SDK had to wrap one (an error from another realm, as
 * under a test runner's sandbox), only the message still names it.
 */
function isNetworkError(e: SdkErrorShape): boolean {
  if (NETWORK_CODES.has(e.code ?? '')) return true;
  const named = /\b(E[A-Z_]+|UND_ERR_SOCKET)\b/.exec(e.message ?? '');
  return named !== null && NETWORK_CODES.has(named[1]!);
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** What a call needs: the service's own action, and for a Cloud Control resource call its handler's permissions. */
export function requiredPermissions(service: Service, operation: string, typeName?: string): string[] {
  if (service === 'sts') return [`sts:${operation}`];
  if (service === 'imagebuilder') return [`imagebuilder:${operation}`];
  const handler = HANDLER_OF[operation];
  const schema = typeName ? resourceTypeOf(typeName)?.schema : undefined;
  return [`cloudformation:${operation}`, ...(handler && schema ? schema.permissions(handler) : [])];
}

export interface FailedCall {
  service: Service;
  operation: string;
  where: Where;
  timedOut: boolean;
  timeoutMs: number;
  /** When the call is about a Cloud Control resource type, its permissions name what a denial lacked. */
  typeName?: string;
}

/** The service's own name for an SDK error. An error from another realm reaches us wrapped, its own name only in the wrapper's message. */
function errorName(e: SdkErrorShape): string {
  return /^AWS SDK error wrapper for (\w+)/.exec(e.message ?? '')?.[1] ?? e.name ?? 'Error';
}

/** Whether an SDK error is the service throttling the call (each service's own words, or a 429). */
export function isThrottling(error: unknown): boolean {
  const e = (error ?? {}) as SdkErrorShape;
  return THROTTLING.has(errorName(e)) || e.$metadata?.httpStatusCode === 429;
}

/** The gateway-facing error for a failed SDK call; never includes credentials or raw payloads. */
export function translateError(error: unknown, call: FailedCall): UpstreamError {
  const e = (error ?? {}) as SdkErrorShape;
  const name = errorName(e);
  const requestId = e.$metadata?.requestId;
  const status = e.$metadata?.httpStatusCode;
  const where = `${SERVICE_NAMES[call.service]} ${call.operation} in ${call.where.region}`;

  if (call.timedOut || name === 'AbortError') {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} did not answer within ${call.timeoutMs} ms.`, 'Timeout', requestId);
  }
  if (isThrottling(error)) {
    return new UpstreamError('THROTTLED', `${where} is throttling requests and retries did not get through; try again shortly.`, name, requestId);
  }
  if (DENIED.has(name)) {
    const permissions = requiredPermissions(call.service, call.operation, call.typeName);
    return new UpstreamError(
      'FORBIDDEN',
      `The gateway's AWS identity is not allowed to perform ${where} in account ${call.where.accountId}. It needs: ${permissions.join(', ')}.`,
      name,
      requestId,
      { requiredPermissions: permissions },
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return new UpstreamError(
      'UPSTREAM_CREDENTIALS',
      `AWS rejected or could not find the gateway's credentials for ${where}; check the gateway's AWS configuration.`,
      name,
      requestId,
    );
  }
  if (isNetworkError(e) || name === 'TimeoutError' || e.$fault === 'server' || (status !== undefined && status >= 500)) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} is unavailable (${name}); try again shortly.`, name, requestId);
  }
  if (e.$fault === 'client' && status !== undefined) {
    const code: GatewayErrorCode = NOT_FOUND.has(name) ? 'NOT_FOUND' : 'UPSTREAM_REJECTED';
    const refused = new UpstreamError(code, `${where} refused the request: ${e.message ?? name}`, name, requestId);
    refused.upstreamMessage = e.message;
    return refused;
  }
  return new UpstreamError('INTERNAL_SERVER_ERROR', `${where} failed unexpectedly (${name}).`, name, requestId);
}

/** An outcome label for metrics: a not-found answer is an answer, not an error. */
export function outcomeLabel(error: UpstreamError): string {
  return NOT_FOUND.has(error.awsErrorName) ? 'not_found' : error.code.toLowerCase();
}

/**
 * Whether the service may have applied a write that failed. No answer in time, a cut connection
 * or a server error may each hide a write that was taken, and so may throttling after retries (an
 * earlier attempt's answer may have been lost) and a failure the gateway cannot explain. The
 * gateway's own pacing sent nothing, and a refusal from the service (a 4xx answer: denied, bad
 * credentials, invalid, not found) applied nothing.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return true;
  if (error.awsErrorName === 'GatewayPacing') return false;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'THROTTLED' || error.code === 'INTERNAL_SERVER_ERROR';
}
