import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import Negotiator from 'negotiator';
import { ROUTES } from './routes';

/** Below this, compressing saves less than it costs (and a TCP segment carries it anyway). */
export const COMPRESSION_MIN_BYTES = 1024;

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

const ENCODERS: Record<string, (body: Uint8Array) => Promise<Buffer>> = {
  // Quality 4: most of brotli's gain over gzip at gzip's speed; 11, the default, is for static files.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(gzip)(body),
};

/**
 * gzip or br for GraphQL JSON responses of COMPRESSION_MIN_BYTES or more, whichever the client's
 * Accept-Encoding prefers (q-values honoured, negotiated by `negotiator`, as Express does), with
 * Node's zlib. Nothing else is touched: not event streams (compressed, a client would get no
 * event until a block filled), not the probes or /metrics, not GraphiQL's page.
 *
 * @whatwg-node/server's useContentEncoding was the first candidate and does not fit: it also
 * inflates compressed request bodies, which MAX_BODY_BYTES bounds by their declared (compressed)
 * length, so a small gzip bomb would be read whole; it compresses every response, event streams
 * and tiny answers included; and it matches Accept-Encoding entries as literal strings, so
 * `gzip, br` can only ever give gzip and `br;q=1` nothing.
 */
export function useCompression(): Plugin {
  // GraphQL requests, noted where yoga has parsed the URL already (a URL parse per response showed in the warm path's profile).
  const graphql = new WeakSet<Request>();
  return {
    onRequest({ request, url }) {
      if (url.pathname === ROUTES.graphql) graphql.add(request);
    },
    // Not async: most responses are left as they are, and need no promise to say so.
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (request.method === 'HEAD' || !response.body || !graphql.has(request) || response.headers.has('content-encoding')) return;
      const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!type || !JSON_TYPES.has(type)) return;
      response.headers.append('vary', 'Accept-Encoding');
      const accepted = request.headers.get('accept-encoding');
      const encoding = accepted ? new Negotiator({ headers: { 'accept-encoding': accepted } }).encoding(['gzip', 'br', 'identity']) : undefined;
      const encode = encoding ? ENCODERS[encoding] : undefined;
      if (!encode) return;
      return compress(response, encode, encoding!, setResponse, fetchAPI.Response);
    },
  };
}

/** The response's body, compressed when it is worth it; below COMPRESSION_MIN_BYTES sent as read. */
async function compress(
  response: Response,
  encode: (body: Uint8Array) => Promise<Buffer>,
  encoding: string,
  setResponse: (response: Response) => void,
  ResponseClass: typeof Response,
): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (body.length < COMPRESSION_MIN_BYTES) {
    setResponse(new ResponseClass(body, init));
    return;
  }
  const compressed = await encode(body);
  response.headers.set('content-encoding', encoding);
  response.headers.set('content-length', String(compressed.length));
  setResponse(new ResponseClass(new Uint8Array(compressed), init));
}
