/**
 * The gateway's own error type. Every layer throws these; only the GraphQL layer (the masking
 * function in src/yoga/errors.ts) turns them into GraphQL errors, so the Cloud Control client and
 * the resource rules stay free of GraphQL.
 */
export type GatewayErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'THROTTLED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_CREDENTIALS'
  | 'UPSTREAM_REJECTED'
  | 'LIMIT_EXCEEDED'
  | 'NOT_ATTEMPTED'
  | 'INTERNAL_SERVER_ERROR';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    /** Extra, safe-to-show facts that travel in GraphQL `extensions`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function badInput(message: string, details: Record<string, unknown> = {}): GatewayError {
  return new GatewayError('BAD_USER_INPUT', message, details);
}
