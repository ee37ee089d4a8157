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

/**
 * Who may do what: a bearer token from GATEWAY_TOKENS gives its scope, no token gives
 * GATEWAY_ANONYMOUS. Decided when the request arrives, so a refused request is answered before
 * it is parsed and never reaches Cloud Control. Tokens are compared as SHA-256 digests in
 * constant time, against every configured token, and never logged.
 */
export function useAccessControl(access: AccessConfig) {
  const known = [...access.tokens].map(([token, scope]) => ({ digest: digest(token), scope }));
  const scopes = new WeakMap<Request, Scope>();

  const scopeFor = (header: string | null): Scope | Response => {
    if (header === null) {
      if (access.anonymous === 'none') return unauthenticated('This gateway needs a bearer token: send Authorization: Bearer <token>.');
      return access.anonymous;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return unauthenticated('Authorization must be a bearer token: Authorization: Bearer <token>.');
    const given = digest(match[1]!);
    let scope: Scope | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, given)) scope = entry.scope;
    }
    return scope ?? unauthenticated('The bearer token is not recognised.');
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
      const scope = scopeFor(request.headers.get('authorization'));
      if (scope instanceof Response) endResponse(scope);
      else scopes.set(request, scope);
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
    scopeOf: (request: Request): Scope => scopes.get(request) ?? 'none',
    /** Whether the request's scope is GATEWAY_ANONYMOUS's (it sent no token). */
    isAnonymous: (request: Request): boolean => request.headers.get('authorization') === null,
  };
}
