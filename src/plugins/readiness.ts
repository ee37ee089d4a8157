import type { Plugin } from 'graphql-yoga';
import type { Upstream } from '../upstream/upstream';
import { ROUTES } from './routes';
import { UpstreamError } from '../upstream/errors';

/**
 * /ready: the backend answers, so a load balancer can hold traffic back while Cloud Control is
 * unreachable or the gateway is shutting down. (/health, the process is up, is yoga's own.)
 */
export function useReadiness(isReady: () => Promise<boolean>): Plugin {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  return {
    // Not async: on every other path it answers nothing, and needs no promise to say so.
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== ROUTES.ready || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      return isReady().then((ready) => endResponse(ready ? json(200, { status: 'ready' }) : json(503, { status: 'not ready' })));
    },
  };
}

const CACHE_MS = 5000;

/**
 * /ready answers whether Cloud Control answers, with the cheapest call it has
 * (ListResourceRequests, one item, no resource handler involved), at most once per five seconds
 * however often the probe asks. Throttling counts as an answer: the backend is there. So does
 * access denied: the credentials were accepted, and a read-only policy that leaves out
 * ListResourceRequests must not keep a gateway that can read out of service. Credentials Cloud
 * Control does not accept, or no answer at all, are not ready.
 */
export function createReadinessCheck(upstream: Upstream, region: string | undefined, stopping: () => boolean) {
  let last: { at: number; ready: boolean } | undefined;
  let inFlight: Promise<boolean> | undefined;
  const probe = async () => {
    if (!region) return true;
    try {
      // As the gateway's own account: learning it (STS GetCallerIdentity) proves the credentials too.
      await upstream.cloudControl.listRequests({ accountId: await upstream.accounts.ownAccountId(), region }, {}, undefined, 1);
      return true;
    } catch (error) {
      return error instanceof UpstreamError && (error.code === 'THROTTLED' || error.code === 'FORBIDDEN');
    }
  };
  return async (): Promise<boolean> => {
    if (stopping()) return false;
    if (last && Date.now() - last.at < CACHE_MS) return last.ready;
    inFlight ??= probe().then((ready) => {
      last = { at: Date.now(), ready };
      inFlight = undefined;
      return ready;
    });
    return inFlight;
  };
}
