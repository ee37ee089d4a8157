import type { Plugin } from 'graphql-yoga';
import { parseHostAndPort } from '../http/host-header';
import { errorResponse } from './error-response';
import { OPERATIONAL_PATHS } from './routes';

/**
 * ALLOWED_HOSTS: a request whose Host header is not listed is 421, before anything else runs.
 * This is what stops DNS rebinding: a page at attacker.example whose name is made to resolve to
 * 127.0.0.1 can make a browser send requests to a gateway on localhost, but the browser still
 * sends Host: attacker.example. The probes and metrics are exempt: load balancers and
 * orchestrators call them by the instance's address, and they reveal no data.
 */
export function useAllowedHosts(allowed: readonly string[]): Plugin {
  if (allowed.includes('*')) return {};
  const entries = allowed.map((entry) => parseHostAndPort(entry)!);
  const served = (header: string) => {
    const host = parseHostAndPort(header);
    return host !== undefined && entries.some((entry) => entry.hostname === host.hostname && (entry.port === undefined || entry.port === (host.port ?? 80)));
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (OPERATIONAL_PATHS.has(url.pathname)) return;
      const header = request.headers.get('host');
      // Only HTTP/1.0 omits Host, and no browser sends HTTP/1.0: no page can be behind it.
      if (header === null || served(header)) return;
      endResponse(
        errorResponse(
          421,
          'MISDIRECTED_REQUEST',
          `This gateway does not answer to the host ${JSON.stringify(header.slice(0, 100))}; ALLOWED_HOSTS lists the host names it serves.`,
        ),
      );
    },
  };
}
