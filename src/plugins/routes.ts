import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './error-response';

/** Every path this server answers, in one place for the plugins that key on the path. */
export const ROUTES = {
  graphql: '/graphql',
  health: '/health',
  ready: '/ready',
  metrics: '/metrics',
} as const;

/** Paths answered without a token: they say whether the process is up, never what it serves. */
export const OPERATIONAL_PATHS: ReadonlySet<string> = new Set([ROUTES.health, ROUTES.ready, ROUTES.metrics]);

/** Every route's path: anything else is 404, and `other` in the metrics, so a scanner cannot grow their series. */
export const KNOWN_PATHS: ReadonlySet<string> = new Set(Object.values(ROUTES));

/**
 * Anything but an exact route is 404. yoga would also run GraphQL at `/graphql/` and at any path
 * that ends in `/graphql`; answering those would let a request reach GraphQL by a path that the
 * checks keyed on the path (access, logs, metrics) do not recognise.
 */
export function useKnownRoutes(): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (!KNOWN_PATHS.has(url.pathname)) {
        endResponse(errorResponse(404, 'NOT_FOUND', `Nothing is served at ${JSON.stringify(url.pathname.slice(0, 200))}: GraphQL is at ${ROUTES.graphql}.`));
      }
    },
  };
}
