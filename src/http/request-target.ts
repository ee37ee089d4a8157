import type { IncomingMessage } from 'node:http';
import { parseHostAndPort } from './host-header';

/**
 * Why a request cannot be served as sent, or undefined when it can: one Host header that names a
 * host (HTTP/1.0 may send none), and a request target that is a path (origin-form). The
 * absolute form (`GET http://host/path`) is for proxies, and `*` only for a server-wide OPTIONS.
 */
export function requestTargetProblem(request: IncomingMessage): string | undefined {
  // Counted in the raw headers: Node joins repeated headers, and `headersDistinct` would build
  // an array for every header of every request to count one.
  let hosts = 0;
  const raw = request.rawHeaders;
  for (let index = 0; index < raw.length; index += 2) if (raw[index]!.length === 4 && raw[index]!.toLowerCase() === 'host') hosts++;
  if (hosts > 1) return 'The request has more than one Host header.';
  if (hosts === 1 && !parseHostAndPort(request.headers.host!)) return 'The Host header is not a host name: expected name or name:port, such as localhost:4000.';
  // After a valid host, anything that starts with a slash makes a URL (the parser encodes the rest).
  if (!(request.url ?? '').startsWith('/')) return 'The request target must be a path, such as /graphql.';
  return undefined;
}
