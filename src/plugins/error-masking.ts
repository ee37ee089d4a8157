import { GraphQLError } from 'graphql';
import { GatewayError } from '../errors';

const PUBLIC_MESSAGE = 'Unexpected error.';

/**
 * Yoga's maskError: the gateway's own errors keep their message and code (they were written to
 * be shown), GraphQL's own (syntax, validation) pass through, and anything else is shown only as
 * an internal error, so no stack trace or upstream payload leaks. (The request log has already
 * logged the detail, with the request id.)
 */
export function maskError(error: unknown): Error {
  const graphQLError = error instanceof GraphQLError ? error : undefined;
  const original = graphQLError ? graphQLError.originalError : error;
  const known = original instanceof GatewayError;
  if (!known && graphQLError && (!original || original instanceof GraphQLError)) {
    return graphQLError.extensions.originalError ? withoutParserMessage(graphQLError) : graphQLError;
  }
  return new GraphQLError(known ? original.message : PUBLIC_MESSAGE, {
    nodes: graphQLError?.nodes,
    source: graphQLError?.source,
    positions: graphQLError?.positions,
    path: graphQLError?.path,
    extensions: known ? { ...graphQLError?.extensions, code: original.code, ...original.details } : { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * yoga copies the body parser's error into `extensions.originalError` (whose presence also makes
 * it answer 400 rather than 200), and V8's JSON.parse message quotes the body (all of it, for a
 * short body): a malformed body would be echoed back, secrets and all. The parser's reason and
 * the position stay, and only a reason that quotes nothing.
 */
function withoutParserMessage(error: GraphQLError): GraphQLError {
  const original = error.extensions.originalError as { name?: unknown; message?: unknown };
  const message = typeof original.message === 'string' ? original.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  const reason = /^([^"]{1,100}?)(?: (?:in|after) JSON\b.*|, ".*)?$/s.exec(message)?.[1] ?? 'not valid';
  return new GraphQLError(error.message, {
    extensions: {
      ...error.extensions,
      originalError: { name: original.name, message: position === undefined ? reason : `${reason} at position ${position}` },
    },
  });
}
