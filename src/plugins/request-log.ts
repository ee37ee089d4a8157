import { randomBytes } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import type { Logger } from '../logger';
import type { WriteRecord } from '../writes/request-writes';
import type { RequestMetrics } from './request-metrics';
import { OPERATIONAL_PATHS } from './routes';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * New request ids: 80 random bits drawn once per process, then a counter, laid out as a UUID
 * (8-4-4-4-12 hex digits) so log tooling that expects one keeps working. Unique across
 * processes and restarts by the random part, and within a process by the counter, at the
 * cost of a string concatenation instead of a random draw per request (warm-path profile).
 */
const PROCESS_ID = randomBytes(10).toString('hex');
const ID_PREFIX = `${PROCESS_ID.slice(0, 8)}-${PROCESS_ID.slice(8, 12)}-${PROCESS_ID.slice(12, 16)}-${PROCESS_ID.slice(16, 20)}-`;
let issued = 0;

function newRequestId(): string {
  issued++;
  return ID_PREFIX + issued.toString(16).padStart(12, '0');
}

/** The request's id: the caller's own `x-request-id` when it is safe to log, or a new one. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && SAFE_REQUEST_ID.test(given) ? given : newRequestId();
}

/**
 * One JSON log line per request, with a request id that is echoed in `x-request-id` (a caller's
 * own id is kept when it is safe to log), the writes it made with their client and request
 * tokens, and the request's metrics. Failures are logged here, where the request id is known:
 * unexpected ones as errors with their detail, upstream trouble as warnings. `fieldsOf` adds what
 * another plugin knows of a request to its line (coalescing: the request that answered it).
 */
export function useRequestLog(logger: Logger, metrics: RequestMetrics, fieldsOf?: (request: Request) => Record<string, unknown> | undefined) {
  const requests = new WeakMap<Request, { id: string; path: string; started: number; writes?: readonly WriteRecord[] }>();

  const plugin: Plugin<GatewayContext> = {
    onRequest({ request, url }) {
      requests.set(request, { id: requestIdFrom(request.headers.get('x-request-id')), path: url.pathname, started: performance.now() });
    },
    onExecute({ args }) {
      const { requestId, writes, request } = args.contextValue;
      return {
        onExecuteDone({ result }) {
          const entry = requests.get(request);
          if (entry && writes.records.length > 0) entry.writes = writes.records;
          if (!('errors' in result) || !result.errors) return;
          for (const error of result.errors as readonly GraphQLError[]) logFailure(logger, requestId, error);
        },
      };
    },
    // A subscription's events are executed one by one, after its request has been answered.
    onSubscribe({ args }) {
      const { requestId } = args.contextValue;
      return {
        onSubscribeResult: () => ({
          onNext({ result }) {
            for (const error of (result.errors ?? []) as readonly GraphQLError[]) logFailure(logger, requestId, error);
          },
        }),
      };
    },
    onResultProcess({ result }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      for (const error of result.errors) metrics.countError(String(error.extensions?.code ?? 'GRAPHQL_ERROR'));
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      response.headers.set('x-request-id', entry.id);
      const milliseconds = performance.now() - entry.started;
      metrics.observe(request.method, entry.path, response.status, milliseconds / 1000);
      const line = {
        requestId: entry.id,
        method: request.method,
        path: entry.path,
        status: response.status,
        durationMs: Math.round(milliseconds),
        ...(entry.writes ? { writes: entry.writes } : {}),
        ...fieldsOf?.(request),
      };
      if (OPERATIONAL_PATHS.has(entry.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    },
  };
  return { plugin, requestIdOf: (request: Request) => requests.get(request)?.id ?? newRequestId() };
}

function logFailure(logger: Logger, requestId: string, error: GraphQLError): void {
  const original = error.originalError;
  if (original instanceof GatewayError) {
    if (original.code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ requestId, path: error.path, err: original.cause ?? original, details: original.details }, 'upstream failure');
    } else if (original.code.startsWith('UPSTREAM') || original.code === 'THROTTLED' || original.code === 'FORBIDDEN') {
      logger.warn({ requestId, path: error.path, code: original.code, details: original.details }, original.message);
    }
    return;
  }
  if (original && !('extensions' in original)) logger.error({ requestId, path: error.path, err: original }, 'unexpected error while executing a request');
}
