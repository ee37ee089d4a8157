import type { Plugin } from 'graphql-yoga';
import { errorResponse } from './error-response';

const refuse = (status: number, message: string) => errorResponse(status, 'BAD_REQUEST', message);

const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/**
 * POST bodies must be JSON (the only form the API documents; it also keeps form posts from other
 * sites out), and they are bounded before anything reads them: a body larger than MAX_BODY_BYTES is
 * 413, and a body of unknown length (chunked) is 411, since its size could only be learned by
 * reading it. Node's HTTP parser holds a body to its declared length, so this replaces yoga's own
 * limit, which pipes every body through a counting stream (8% of a warm request's CPU).
 */
export function useRequestBodyRules(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST') return;
      const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (!type || !JSON_TYPES.has(type)) {
        endResponse(refuse(415, `Content-Type must be application/json (got ${type ? `"${type.slice(0, 100)}"` : 'none'}).`));
        return;
      }
      const declared = request.headers.get('content-length');
      if (declared === null) {
        if (request.headers.get('transfer-encoding')) endResponse(refuse(411, 'Send the request body with a Content-Length header.'));
        return;
      }
      if (!/^\d+$/.test(declared)) {
        endResponse(refuse(400, 'The Content-Length header is not a number of bytes.'));
        return;
      }
      if (Number(declared) > maxBytes) {
        endResponse(refuse(413, `The request body is ${declared} bytes; the limit is ${maxBytes} bytes (MAX_BODY_BYTES).`));
      }
    },
  };
}
