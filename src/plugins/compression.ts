import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import Negotiator from 'negotiator';
import { ROUTES } from './routes';

/** Below this, compressing saves less than it costs (and a TCP segment carries it anyway). */
export const COMPRESSION_MIN_BYTES = 1024;

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

const ENCODERS: Record<string, (body: Uint8Array) => Promise<Buffer>> = {
  // Quality 4: most of brotli's gain over gzip at gzip's speed; 11, the default, is for static files.
  br: (body) =>
    promisify(zlib.brotliCompress)(body, {
      params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(zlib.gzip)(body),
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
  // Each request's execution result: coalesced requests share their leader's (coalescing.ts).
  const resultOf = new WeakMap<Request, object>();
  const shared = new SharedCompressions();
  return {
    onRequest({ request, url }) {
      if (url.pathname === ROUTES.graphql) graphql.add(request);
    },
    onResultProcess({ request, result }) {
      if (graphql.has(request) && result !== null && typeof result === 'object') resultOf.set(request, result);
    },
    // Not async: most responses are left as they are, and need no promise to say so.
    onResponse({ request, response, setResponse, fetchAPI }) {
      // No `response.body` check here: on a string body that getter copies the text into bytes, once per answer.
      if (request.method === 'HEAD' || !graphql.has(request) || response.headers.has('content-encoding')) return;
      const type = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!type || !JSON_TYPES.has(type)) return;
      // set, not append: append makes @whatwg-node's Headers build a Map of every header, which
      // takes the response off the server's one-call writeHead onto a setHeader per header.
      const vary = response.headers.get('vary');
      response.headers.set('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
      const accepted = request.headers.get('accept-encoding');
      const encoding = accepted ? new Negotiator({ headers: { 'accept-encoding': accepted } }).encoding(['gzip', 'br', 'identity']) : undefined;
      const encode = encoding ? ENCODERS[encoding] : undefined;
      if (!encode) return;
      // A browser accepts gzip on every request: an answer whose declared length (the Response
      // declares it for a text body, as yoga's are) is too small to compress is left as it is,
      // not read and rebuilt.
      const declared = response.headers.get('content-length');
      if (declared !== null && Number(declared) < COMPRESSION_MIN_BYTES) return;
      const result = resultOf.get(request);
      const encodeText = (text: string) => (result ? shared.encode(result, encoding!, text, encode) : encode(Buffer.from(text)));
      return compress(response, encodeText, encoding!, setResponse, fetchAPI.Response);
    },
  };
}

/** The response's body, compressed when it is worth it; below COMPRESSION_MIN_BYTES sent as read. */
async function compress(
  response: Response,
  encode: (text: string) => Promise<Buffer>,
  encoding: string,
  setResponse: (response: Response) => void,
  ResponseClass: typeof Response,
): Promise<void> {
  // Read as text: yoga's JSON body is a string, which text() hands back without a copy.
  const text = await response.text();
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (Buffer.byteLength(text) < COMPRESSION_MIN_BYTES) {
    setResponse(new ResponseClass(text === '' ? null : text, init));
    return;
  }
  const compressed = await encode(text);
  response.headers.set('content-encoding', encoding);
  response.headers.set('content-length', String(compressed.length));
  // The compressed bytes as they are, not a copy: answers that share them (SharedCompressions) only read them.
  setResponse(new ResponseClass(compressed as Uint8Array<ArrayBuffer>, init));
}

/**
 * Compressed bodies of one execution result, per encoding. When 500 dashboards' identical query
 * is coalesced, every answer carries the leader's result serialized once, the very same string
 * (coalescing.ts): it is compressed once, not 500 times (zlib sets up its state per call, and
 * the pile-up bench showed 500 gzips delaying every answer by most of a second). The text is
 * compared, not assumed (for one string object a pointer comparison), so an answer serialized
 * differently is compressed on its own. Held only as long as the result object is.
 */
class SharedCompressions {
  private readonly byResult = new WeakMap<object, Map<string, { text: string; compressed: Promise<Buffer> }>>();

  encode(result: object, encoding: string, text: string, encode: (body: Uint8Array) => Promise<Buffer>): Promise<Buffer> {
    let byEncoding = this.byResult.get(result);
    const known = byEncoding?.get(encoding);
    if (known && known.text === text) return known.compressed;
    const compressed = encode(Buffer.from(text));
    if (!byEncoding) this.byResult.set(result, (byEncoding = new Map()));
    byEncoding.set(encoding, { text, compressed });
    return compressed;
  }
}
