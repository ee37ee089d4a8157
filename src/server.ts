// First: V8 settings that must hold before anything else allocates.
import './runtime-flags';
import type { Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { startBackend } from './backend';
import { describeConfig, loadConfig, type GatewayConfig } from './config/config';
import { ConfigError, isConfigurationError } from './config/env-values';
import { createGatewayServer } from './http/gateway-server';
import { createLogDestination } from './log-destination';
import { createLogger, type Logger } from './logger';
import { createReadinessCheck } from './plugins/readiness';
import { WritesInFlight } from './writes/writes-in-flight';
import { createGateway } from './yoga';

/** The node:http entry: configuration, backend, the gateway on a socket, and a clean shutdown. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // The SDK's own multi-line warning about Node 20 is replaced by one structured log line below.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const registry = new Registry();
  const log = createLogDestination(config.logBufferBytes, registry);
  const logger = createLogger(config.logLevel, log.stream);
  log.reportTo(logger);
  // Process memory, event loop lag and GC, beside the gateway's own metrics.
  collectDefaultMetrics({ register: registry });
  // REDIS_URL: replicas share reads, pacing, invalidation and events; Redis never holds a request up.
  // Loaded only then: ioredis and rate-limiter-flexible took about 50 ms of every start without Redis.
  const sharing = config.redis
    ? (require('./redis') as typeof import('./redis')).shareThroughRedis(config.redis, {
        registry,
        logger,
        ttlMs: config.upstream.cacheTtlSeconds * 1000,
        // A call may wait as long for its turn as it may take (see UpstreamCalls).
        callMs: 2 * config.upstream.timeoutMs,
        maxSubscribers: config.subscriptions.max,
      })
    : undefined;
  const backend = await startBackend(config, process.env, registry, sharing);
  // Aborted when shutdown begins: waiting writes answer with what they know, subscription streams end.
  const stopping = new AbortController();
  const writesInFlight = new WritesInFlight(logger);
  const gateway = createGateway({
    config,
    upstream: backend.upstream,
    registry,
    logger,
    defaultRegion: backend.defaultRegion,
    isReady: createReadinessCheck(backend.upstream, backend.defaultRegion, () => stopping.signal.aborted),
    writesInFlight,
    shutdown: stopping.signal,
    eventTarget: sharing?.eventTarget,
  });
  const server = createGatewayServer(gateway, config.http.server, logger);
  await listen(server, config);
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(server.address() as { port: number }).port}/graphql`;
  // The gateway's own account (STS GetCallerIdentity), for the log; a failure here is logged, and asked again when a request needs it.
  const account = await backend.upstream.accounts.ownAccountId().catch((error: Error) => {
    logger.warn({ reason: error.message }, 'could not learn the gateway\'s own AWS account (STS GetCallerIdentity); requests will ask again');
    return null;
  });
  const { cloudcontrol, imagebuilder, sts } = backend.endpoints;
  const where = cloudcontrol === imagebuilder && imagebuilder === sts ? `Cloud Control, Image Builder and STS at ${cloudcontrol}` : `Cloud Control at ${cloudcontrol}, Image Builder at ${imagebuilder}, STS at ${sts}`;
  logger.info(
    { url, backend: config.backend, endpoints: backend.endpoints, account, defaultRegion: backend.defaultRegion ?? null, settings: describeConfig(config) },
    `image-pipeline-gateway serving GraphQL at ${url} on the ${config.backend} backend (${where}; account ${account ?? 'unknown'}; default region ${backend.defaultRegion ?? 'none'})`,
  );
  if (Number(process.versions.node.split('.')[0]) < 22) {
    logger.warn({ node: process.versions.node }, 'Node 20 is past its end of life and the AWS SDK drops it in January 2027; run on Node 22.');
  }

  const shutdown = (signal: string) => {
    if (stopping.signal.aborted) return;
    // Writes waiting for their requests stop waiting and answer with the request token they have;
    // subscription streams end (they would otherwise hold their connections open until the bound).
    stopping.abort();
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down: no new connections, finishing requests in flight, ending subscriptions');
    void stop(server, config.shutdownTimeoutMs, logger, writesInFlight).then(async () => {
      await backend.close();
      await sharing?.close();
      logger.info('stopped');
      await log.end();
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

/** Listens on HOST:PORT; a failure is a configuration error that names the variable to change, not just the system call. */
function listen(server: Server, config: GatewayConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `HOST=${config.host} PORT=${config.port}`;
      const reasons: Record<string, string> = {
        EADDRINUSE: `${where}: the port is already in use; stop what holds it or choose another PORT.`,
        EACCES: `${where}: not allowed to listen there (ports below 1024 need privileges); choose another PORT.`,
        EADDRNOTAVAIL: `${where}: this machine has no such address; use an address of this machine, 127.0.0.1 or 0.0.0.0.`,
        ENOTFOUND: `${where}: the host name does not resolve; use an address of this machine, 127.0.0.1 or 0.0.0.0.`,
        EAI_AGAIN: `${where}: the host name does not resolve; use an address of this machine, 127.0.0.1 or 0.0.0.0.`,
      };
      reject(new ConfigError(reasons[error.code ?? ''] ?? `${where}: ${error.message}`));
    });
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting, lets requests in flight finish, and cuts whatever is left after the bound,
 * first logging the writes whose answers that cuts off, with their tokens.
 */
function stop(server: Server, timeoutMs: number, logger: Logger, writesInFlight: WritesInFlight): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive connections would hold close() open until the bound: close each as soon as its
    // last request has been answered.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    const timer = setTimeout(() => {
      logger.warn({ timeoutMs }, 'requests still in flight at the shutdown bound; closing their connections');
      writesInFlight.reportUnanswered(`the shutdown bound, SHUTDOWN_TIMEOUT_MS=${timeoutMs}, cut its connection`);
      server.closeAllConnections();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
}

// A setting that is wrong (ours, the embedded emulator's, or HOST and PORT at listen time) is one
// line naming it and exit status 2; anything else that stops the start is status 1.
main().catch((error: unknown) => {
  if (isConfigurationError(error)) {
    console.error(`image-pipeline-gateway: invalid configuration: ${error.message}`);
    process.exit(2);
  }
  console.error(`image-pipeline-gateway: failed to start: ${(error as Error).message}`);
  process.exit(1);
});
