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
  if (!known && graphQLError && (!original || original instanceof GraphQLError)) return graphQLError;
  return new GraphQLError(known ? original.message : PUBLIC_MESSAGE, {
    nodes: graphQLError?.nodes,
    source: graphQLError?.source,
    positions: graphQLError?.positions,
    path: graphQLError?.path,
    extensions: known ? { ...graphQLError?.extensions, code: original.code, ...original.details } : { code: 'INTERNAL_SERVER_ERROR' },
  });
}
