import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { Upstream } from './upstream/upstream';
import type { GatewayConfig } from './config/config';
import type { GatewayContext, SchemaSettings } from './context';
import { graphiqlDefaultQuery } from './graphiql';
import { createLoaders } from './loaders';
import { UpstreamBudget } from './loaders/upstream-budget';
import type { Logger } from './logger';
import { useAccessControl } from './plugins/access';
import { useAdmission } from './plugins/admission';
import { useCoalescing } from './plugins/coalescing';
import { useCompression } from './plugins/compression';
import { useConcurrentWrites } from './plugins/concurrent-writes';
import { corsOption } from './plugins/cors';
import { useCSRFPrevention } from './plugins/csrf';
import { maskError } from './plugins/error-masking';
import { useAllowedHosts } from './plugins/hosts';
import { useRequestBodyRules } from './plugins/http-guards';
import { useQueryLimits } from './plugins/query-limits';
import { usePersistedQueries } from './plugins/persisted-queries';
import { useReadiness } from './plugins/readiness';
import { useRequestLog } from './plugins/request-log';
import { ROUTES, useKnownRoutes } from './plugins/routes';
import { useExecution } from './plugins/execution';
import { createRequestMetrics, useMetricsEndpoint } from './plugins/request-metrics';
import { useSubscriptionLimits } from './plugins/subscription-limits';
import { partitionOfRegion } from './resources/arn';
import { CursorCodec } from './schema/cursors';
import { schema } from './schema';
import { createFollowing, type FollowEventTarget } from './subscriptions';
import { RequestWrites } from './writes/request-writes';
import type { WritesInFlight } from './writes/writes-in-flight';

export interface GatewayDependencies {
  config: GatewayConfig;
  upstream: Upstream;
  registry: Registry;
  logger: Logger;
  defaultRegion: string | undefined;
  /** Whether the backend answers, for /ready. */
  isReady: () => Promise<boolean>;
  /** Writes whose answers are on their way, across requests, for the shutdown log. */
  writesInFlight: WritesInFlight;
  /** Aborted when shutdown begins: waiting writes answer at once with what they know, open subscription streams end. */
  shutdown: AbortSignal;
  /** Carries subscription events; in-process unless one shared by replicas (through Redis) is given. */
  eventTarget?: FollowEventTarget;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

/** The bundled GraphiQL is 9 MB of JavaScript: loaded on the first page view, not at startup. */
let graphiQLRenderer: typeof import('@graphql-yoga/render-graphiql').renderGraphiQL | undefined;
function loadGraphiQLRenderer() {
  graphiQLRenderer ??= (require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql')).renderGraphiQL;
  return graphiQLRenderer;
}

/** The GraphQL server, built from its dependencies; src/server.ts only puts it on a socket. */
export function createGateway(deps: GatewayDependencies): Gateway {
  const { config, upstream, logger } = deps;
  const { cloudControl, imageBuilder } = upstream;
  const cursors = new CursorCodec(config.cursorSecret);
  const settings: SchemaSettings = {
    defaultRegion: deps.defaultRegion,
    partition: partitionOfRegion(deps.defaultRegion ?? 'us-east-1') ?? 'aws',
    allowedRegions: config.allowedRegions,
    defaultPageSize: config.limits.defaultPageSize,
    maxPageSize: config.limits.maxPageSize,
  };
  const access = useAccessControl(config.access);
  const coalescing = config.admission.coalesce
    ? useCoalescing({ accessKeyOf: access.accessKeyOf, requestIdOf: (request) => requestLog.requestIdOf(request), registry: deps.registry })
    : undefined;
  const requestLog = useRequestLog(logger, createRequestMetrics(deps.registry), coalescing?.logFieldsOf);
  const following = createFollowing({
    cloudControl,
    imageBuilder,
    requestIntervalMs: config.writes.pollIntervalMs,
    imageIntervalMs: config.subscriptions.imagePollMs,
    maxSubscribers: config.subscriptions.max,
    registry: deps.registry,
    eventTarget: deps.eventTarget,
    shared: deps.eventTarget !== undefined,
  });
  // Plugins see different context shapes (yoga's own, envelop's, ours); the array holds them all.
  const plugins: Plugin<any>[] = [
    // First: the executor the plugins after it (concurrent writes) wrap.
    useExecution({ compile: config.compileQueries, registry: deps.registry }),
    requestLog.plugin,
    useAllowedHosts(config.http.allowedHosts),
    useKnownRoutes(),
    useRequestBodyRules(config.limits.maxBodyBytes),
    useReadiness(deps.isReady),
    useCSRFPrevention(),
    access.plugin,
    // After access (which decides who asks), before admission: a coalesced query takes no slot.
    ...(coalescing ? [coalescing.plugin] : []),
    useAdmission(config.admission, deps.registry, coalescing?.isFollower),
    usePersistedQueries(config.persistedOperations),
    ...useQueryLimits(config.limits, config.http.introspection),
    useSubscriptionLimits(config.subscriptions, deps.registry, deps.shutdown),
    useConcurrentWrites(),
    useCompression(),
    useMetricsEndpoint(deps.registry),
  ];
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: ROUTES.graphql,
    healthCheckEndpoint: ROUTES.health,
    landingPage: false,
    graphiql: config.http.graphiql ? { title: 'image-pipeline-gateway', defaultQuery: graphiqlDefaultQuery(config.backend) } : false,
    // GraphiQL's scripts and styles served from here, not from a CDN: it works offline, and the
    // page runs no third-party code beside a gateway that may hold write access.
    renderGraphiQL: config.http.graphiql ? (options) => loadGraphiQLRenderer()(options) : undefined,
    cors: corsOption(config.http.corsOrigins),
    maskedErrors: { maskError },
    // useRequestBodyRules bounds bodies by their declared length, before they are read.
    maxRequestBodySize: false,
    batching: false,
    // Bodies are JSON (useRequestBodyRules answers anything else with 415): no multipart parser to consult on every request.
    multipart: false,
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      // Yoga reports every error it masks; the request log has already logged the ones that matter.
      error: (...args) =>
        args.every((arg) => arg instanceof GraphQLError) ? logger.debug({ args }, 'yoga') : logger.error({ args }, 'yoga'),
    },
    plugins,
    // yoga hands the node:http response in with the request (absent when called through fetch).
    context: ({ request, res }: { request: Request; res?: ServerResponse }) => {
      const budget = new UpstreamBudget(config.limits.maxUpstreamKeys);
      const onCall = (operation: string, region: string) => budget.spend(operation, region);
      const requestId = requestLog.requestIdOf(request);
      return {
        cloudControl,
        imageBuilder,
        accounts: upstream.accounts,
        budget,
        loaders: createLoaders(
          {
            resource: async (key) => {
              budget.spend('GetResource', key.region);
              return cloudControl.getResource(key, key.typeName, key.identifier);
            },
            listPage: async (key) => {
              budget.spend('ListResources', key.region);
              return cloudControl.listResources(key, key.typeName, key.token);
            },
            // Image Builder counts its own calls as it makes them: a batch of health reads may take
            // one call or several, and a read the cache answers takes none.
            health: (where, arns) => imageBuilder.pipelineHealth(where, arns, { onCall }),
            imageBuilder: {
              imagePage: (key) => imageBuilder.pipelineImages(key, key.arn, key.filter, key.token, { onCall }),
              image: (key) => imageBuilder.image(key, key.arn, { onCall }),
              workflow: (key) => imageBuilder.workflow(key, key.arn, { onCall }),
            },
          },
          { concurrency: config.upstream.concurrency, peek: (key) => cloudControl.peekResource(key, key.typeName, key.identifier) },
        ),
        writes: new RequestWrites({
          requestId,
          cloudControl,
          budget,
          waitMs: config.writes.waitTimeoutMs,
          pollIntervalMs: config.writes.pollIntervalMs,
          shutdown: deps.shutdown,
          onFirstWrite: (writes) => deps.writesInFlight.track(writes, res),
        }),
        cursors,
        settings,
        requestUpdates: following.requests,
        imageUpdates: following.images,
        scope: access.scopeOf(request),
        anonymous: access.isAnonymous(request),
        requestId,
      };
    },
  });
}
