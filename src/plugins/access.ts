import { createHash, timingSafeEqual } from 'node:crypto';
import { type DocumentNode, getOperationAST, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { AccessConfig } from '../config/config';
import type { GatewayContext, Scope } from '../context';
import { errorResponse } from './error-response';
import { OPERATIONAL_PATHS } from './routes';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

const unauthenticated = (message: string) =>
  errorResponse(401, 'UNAUTHENTICATED', message, { 'www-authenticate': 'Bearer realm="image-pipeline-gateway"' });

/** A caller as access control knows it: its scope, and which token (or none) gave it. */
interface Caller {
  scope: Scope;
  principal: string;
}

/**
 * Who may do what: a bearer token from GATEWAY_TOKENS gives its scope, no token gives
 * GATEWAY_ANONYMOUS. Decided when the request arrives, so a refused request is answered before
 * it is parsed and never reaches Cloud Control. Tokens are compared as SHA-256 digests in
 * constant time, against every configured token, and never logged.
 */
export function useAccessControl(access: AccessConfig) {
  const known = [...access.tokens].map(([token, scope], index) => ({ digest: digest(token), scope, principal: `token ${index}` }));
  const anonymousCaller: Caller = { scope: access.anonymous, principal: 'anonymous' };
  const callers = new WeakMap<Request, Caller>();

  const callerFor = (header: string | null): Caller | Response => {
    if (header === null) {
      if (access.anonymous === 'none') return unauthenticated('This gateway needs a bearer token: send Authorization: Bearer <token>.');
      return anonymousCaller;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return unauthenticated('Authorization must be a bearer token: Authorization: Bearer <token>.');
    const given = digest(match[1]!);
    let caller: Caller | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, given)) caller = entry;
    }
    return caller ?? unauthenticated('The bearer token is not recognised.');
  };

  /** Queries and subscriptions read; mutations write. */
  const refusal = (args: { document: DocumentNode; operationName?: string | null; contextValue: GatewayContext }): GraphQLError | undefined => {
    const operation = getOperationAST(args.document, args.operationName)?.operation;
    const needed: Scope = operation === 'mutation' ? 'write' : 'read';
    const { scope, anonymous } = args.contextValue;
    if (scope === 'write' || scope === needed) return undefined;
    const message =
      needed === 'read'
        ? 'This request may not read: send a token, as Authorization: Bearer <token>.'
        : anonymous
          ? `Requests without a token may only read here (GATEWAY_ANONYMOUS=${access.anonymous}): mutations need a token with write scope, sent as Authorization: Bearer <token>.`
          : 'This token may only read: mutations need a token with write scope.';
    return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
  };

  const plugin: Plugin<GatewayContext> = {
    onRequest({ request, url, endResponse }) {
      // Every path but the operational ones needs access, so a route added later is closed until opened.
      if (OPERATIONAL_PATHS.has(url.pathname)) return;
      const caller = callerFor(request.headers.get('authorization'));
      if (caller instanceof Response) endResponse(caller);
      else callers.set(request, caller);
    },
    // Checked at both doors into execution: subscriptions do not pass through onExecute.
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };

  return {
    plugin,
    scopeOf: (request: Request): Scope => callers.get(request)?.scope ?? 'none',
    /**
     * Who is asking, as far as what they may see goes: the scope and the token that gave it (by
     * its place in GATEWAY_TOKENS, never the token itself), or `anonymous`. Undefined for a
     * request access control has not admitted. Requests with equal access keys may be given
     * each other's answers (coalescing.ts).
     */
    accessKeyOf: (request: Request): string | undefined => {
      const caller = callers.get(request);
      return caller && `${caller.scope} ${caller.principal}`;
    },
    /** Whether the request's scope is GATEWAY_ANONYMOUS's (it sent no token). */
    isAnonymous: (request: Request): boolean => request.headers.get('authorization') === null,
  };
}
