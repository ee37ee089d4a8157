import type { CORSOptions } from 'graphql-yoga';

const POLICY = {
  methods: ['GET', 'POST'],
  allowedHeaders: ['content-type', 'authorization', 'x-graphql-yoga-csrf', 'x-request-id'],
  exposedHeaders: ['x-request-id'],
  credentials: false,
  maxAge: 600,
};

/** `scheme://*.domain[:port]` (as config.ts normalises it) as a test of an origin a browser sent. */
function patternMatcher(pattern: string): (origin: URL) => boolean {
  const [, scheme, domain, port] = /^(https?):\/\/\*\.([^:]+)(?::(\d+))?$/.exec(pattern)!;
  return (origin) => origin.protocol === `${scheme}:` && origin.port === (port ?? '') && origin.hostname.endsWith(`.${domain}`);
}

/**
 * yoga's CORS option for CORS_ORIGINS: none (no CORS headers, so browsers keep other sites out),
 * `*`, or exact origins and `*.domain` patterns. yoga compares origins only literally, so the
 * decision is made here per request: an allowed origin is echoed back (with `Vary: Origin`,
 * which yoga adds when it echoes), any other gets no CORS headers at all.
 */
export function corsOption(origins: readonly string[]): false | ((request: Request) => CORSOptions) {
  if (origins.length === 0) return false;
  if (origins.includes('*')) return () => ({ ...POLICY, origin: '*' });
  const exact = new Set(origins.filter((origin) => !origin.includes('*')));
  const patterns = origins.filter((origin) => origin.includes('*')).map(patternMatcher);
  const allowed = (origin: string) => {
    if (exact.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    // Only a bare origin (what browsers send) may match a pattern: no path, user or trailing dot.
    return url.origin === origin && patterns.some((matches) => matches(url));
  };
  return (request) => {
    const origin = request.headers.get('origin');
    // '*' makes yoga echo the request's origin: it is the one just allowed.
    return origin !== null && allowed(origin) ? { ...POLICY, origin: '*' } : false;
  };
}
