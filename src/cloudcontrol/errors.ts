import { GatewayError, type GatewayErrorCode } from '../errors';
import { resourceTypeOf } from '../resources/registry';

/**
 * A failed Cloud Control call, translated: `code` is what the client is told, `awsErrorName`
 * the service's own error (ResourceNotFoundException, ThrottlingException, …) for the layers
 * that map specific failures to typed results.
 */
export class UpstreamError extends GatewayError {
  /** Cloud Control's own message, kept for refusals the schema turns into typed results. */
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

const HANDLER_OF: Record<string, 'read' | 'list' | 'create' | 'update' | 'delete' | undefined> = {
  GetResource: 'read',
  ListResources: 'list',
  CreateResource: 'create',
  UpdateResource: 'update',
  DeleteResource: 'delete',
};

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'InvalidCredentialsException']);
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

/** The gateway-facing error for a failed SDK call; never includes credentials or raw payloads. */
export function translateError(
  error: unknown,
  operation: string,
  region: string,
  timedOut: boolean,
  timeoutMs: number,
  typeName?: string,
): UpstreamError {
  const e = (error ?? {}) as SdkErrorShape;
  // An error from another realm reaches us wrapped, its own name only in the wrapper's message.
  const name = /^AWS SDK error wrapper for (\w+)/.exec(e.message ?? '')?.[1] ?? e.name ?? 'Error';
  const requestId = e.$metadata?.requestId;
  const status = e.$metadata?.httpStatusCode;
  const where = `Cloud Control ${operation} in ${region}`;

  if (timedOut || name === 'AbortError') {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} did not answer within ${timeoutMs} ms.`, 'Timeout', requestId);
  }
  if (THROTTLING.has(name) || status === 429) {
    return new UpstreamError('THROTTLED', `${where} is throttling requests and retries did not get through; try again shortly.`, name, requestId);
  }
  if (DENIED.has(name)) {
    const handler = HANDLER_OF[operation];
    const schema = typeName ? resourceTypeOf(typeName)?.schema : undefined;
    const requiredPermissions = [`cloudformation:${operation}`, ...(handler && schema ? schema.permissions(handler) : [])];
    return new UpstreamError(
      'FORBIDDEN',
      `The gateway's AWS identity is not allowed to perform ${where}. It needs: ${requiredPermissions.join(', ')}.`,
      name,
      requestId,
      { requiredPermissions },
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
    const code: GatewayErrorCode = name === 'ResourceNotFoundException' ? 'NOT_FOUND' : 'UPSTREAM_REJECTED';
    const refused = new UpstreamError(code, `${where} refused the request: ${e.message ?? name}`, name, requestId);
    refused.upstreamMessage = e.message;
    return refused;
  }
  return new UpstreamError('INTERNAL_SERVER_ERROR', `${where} failed unexpectedly (${name}).`, name, requestId);
}
