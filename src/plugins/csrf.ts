import { useCSRFPrevention as useYogaCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * yoga's CSRF prevention: browsers send "simple" requests (form posts, plain GETs) cross-site
 * without a preflight; requiring JSON or this header means only a page CORS allows can reach the
 * API. Its refusal carries no code and does not say what to send; this one does.
 */
export function useCSRFPrevention(): Plugin {
  const yoga = useYogaCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        return yoga.onRequestParse?.(payload);
      } catch {
        throw createGraphQLError(
          `A GET query needs the ${CSRF_HEADER} header (any value), or send the query as a JSON POST: a browser cannot send either from another site without CORS allowing it.`,
          { extensions: { code: 'BAD_REQUEST', http: { status: 403 } } },
        );
      }
    },
  };
}
