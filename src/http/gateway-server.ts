import { createServer, type IncomingMessage, type Server, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpServerConfig } from '../config/config';
import type { Logger } from '../logger';
import { errorBody } from '../plugins/error-response';
import { requestIdFrom } from '../plugins/request-log';
import { requestTargetProblem } from './request-target';

/** What the server hands a well-formed request to: the yoga instance. */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => unknown;

/**
 * The gateway's node:http server, used by src/server.ts and the tests alike, so both run with
 * the same limits: Node's timeouts and connection cap set on purpose (applyServerLimits), and
 * requests yoga cannot take apart answered here first. yoga builds a URL from the Host header
 * and the request target before any of its plugins run; a value that does not make a URL was a
 * 500 with a stack trace, and a Host such as `x/graphql#` made the URL name another path.
 */
export function createGatewayServer(handler: RequestHandler, settings: HttpServerConfig, logger: Logger): Server {
  // Node checks its timeouts every connectionsCheckingInterval (30 s by default), which would
  // let a slow client hold a connection up to 30 s past HEADERS_TIMEOUT_MS.
  const server = createServer({ connectionsCheckingInterval: Math.min(1000, settings.headersTimeoutMs) }, (request, response) => {
    const problem = requestTargetProblem(request);
    if (problem === undefined) return void handler(request, response);
    const requestId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
    const body = errorBody('BAD_REQUEST', problem);
    response.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-request-id': requestId, connection: 'close' });
    response.end(body);
    // Like every request line, no query string: it may carry a query's variables.
    logger.info({ requestId, method: request.method, target: (request.url ?? '').split('?')[0]!.slice(0, 200), status: 400, reason: problem }, 'request');
  });
  applyServerLimits(server, settings);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket, logger));
  return server;
}

/**
 * Node's defaults let a client take 60 s to send its headers and 300 s its body, keep an idle
 * connection 5 s, and open connections without end. Each is set here from configuration:
 * HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS bound a slow sender (slowloris), KEEP_ALIVE_TIMEOUT_MS
 * should outlast a load balancer's idle timeout, and MAX_CONNECTIONS keeps file descriptors and
 * memory for the connections it admits (beyond it, Node closes new connections at once).
 */
export function applyServerLimits(server: Server, settings: HttpServerConfig): void {
  server.headersTimeout = settings.headersTimeoutMs;
  server.requestTimeout = settings.requestTimeoutMs;
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.maxConnections;
}

const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    message: 'The request did not arrive in time (HEADERS_TIMEOUT_MS for its headers, REQUEST_TIMEOUT_MS for all of it).',
  },
};

/**
 * Requests Node's own parser refuses (a request line or header that is not HTTP, headers too
 * large, too slow): the same JSON error and logged line as any refusal, where Node would answer
 * an empty 400. Like Node, only on a connection that has not been answered on yet.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  const connection = socket as Duplex & { bytesWritten?: number };
  if (error.code === 'ECONNRESET' || !connection.writable || (connection.bytesWritten ?? 0) > 0) {
    connection.destroy();
    return;
  }
  const { status, message } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, message: 'The request is not valid HTTP: its request line or a header could not be parsed.' };
  const requestId = requestIdFrom(undefined);
  const body = errorBody('BAD_REQUEST', message);
  connection.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
  logger.info({ requestId, status, reason: error.code ?? 'unparsable request' }, 'request');
}
