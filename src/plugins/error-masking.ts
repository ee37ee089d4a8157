import { GraphQLError } from 'graphql';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';

const PUBLIC_MESSAGE = 'Unexpected error.';

/**
 * Yoga's maskError: the gateway's own errors keep their message and code (they were written to
 * be shown), GraphQL's own (syntax, validation) pass through, and anything else is logged with
 * its detail and shown only as an internal error, so no stack trace or upstream payload leaks.
 */
export function createMaskError(logger: Logger) {
  return (error: unknown): Error => {
    const graphQLError = error instanceof GraphQLError ? error : undefined;
    const original = graphQLError ? graphQLError.originalError : error;
    if (original instanceof GatewayError) {
      if (original.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: original, path: graphQLError?.path }, 'upstream failure');
      return new GraphQLError(original.message, {
        nodes: graphQLError?.nodes,
        source: graphQLError?.source,
        positions: graphQLError?.positions,
        path: graphQLError?.path,
        extensions: { ...graphQLError?.extensions, code: original.code, ...original.details },
      });
    }
    if (graphQLError && (!original || original instanceof GraphQLError)) return graphQLError;
    logger.error({ err: original, path: graphQLError?.path }, 'unexpected error while executing a request');
    return new GraphQLError(PUBLIC_MESSAGE, {
      nodes: graphQLError?.nodes,
      source: graphQLError?.source,
      positions: graphQLError?.positions,
      path: graphQLError?.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  };
}
