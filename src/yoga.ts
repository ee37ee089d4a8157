import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { CloudControl } from './cloudcontrol/cloud-control';
import type { GatewayConfig } from './config/config';
import type { GatewayContext } from './context';
import { createLoaders } from './loaders';
import type { Logger } from './logger';
import { createMaskError } from './plugins/error-masking';
import { useReadiness } from './plugins/readiness';
import { CursorCodec } from './schema/cursors';
import { schema } from './schema';
import { graphiqlDefaultQuery } from './graphiql';

export interface GatewayDependencies {
  config: GatewayConfig;
  cloudControl: CloudControl;
  registry: Registry;
  logger: Logger;
  defaultRegion: string | undefined;
  /** Whether the backend answers, for /ready. */
  isReady: () => Promise<boolean>;
}

export type Gateway = YogaServerInstance<Record<string, never>, GatewayContext>;

/** The GraphQL server, built from its dependencies; src/server.ts only puts it on a socket. */
export function createGateway(deps: GatewayDependencies): Gateway {
  const { config, cloudControl, logger } = deps;
  const cursors = new CursorCodec(config.cursorSecret);
  const settings = {
    defaultRegion: deps.defaultRegion,
    allowedRegions: config.allowedRegions,
    defaultPageSize: config.limits.defaultPageSize,
    maxPageSize: config.limits.maxPageSize,
    writeWaitMs: config.writes.waitTimeoutMs,
    pollIntervalMs: config.writes.pollIntervalMs,
  };
  const plugins: Plugin[] = [
    useReadiness(deps.isReady),
    usePrometheus({
      endpoint: '/metrics',
      registry: deps.registry,
      metrics: {
        graphql_yoga_http_duration: true,
        graphql_envelop_request_duration: true,
        graphql_envelop_error_result: true,
        graphql_envelop_phase_execute: true,
        // The plugin turns every other metric on unless told otherwise, and some cost more than
        // the request they measure: deprecated-field counting walks each document with TypeInfo
        // (this schema deprecates nothing), the time summary keeps a t-digest, and the parse,
        // validate and context phases are cache hits not worth a histogram each.
        graphql_envelop_deprecated_field: false,
        graphql_envelop_request: false,
        graphql_envelop_request_time_summary: false,
        graphql_envelop_phase_parse: false,
        graphql_envelop_phase_validate: false,
        graphql_envelop_phase_context: false,
        graphql_envelop_phase_subscribe: false,
        graphql_envelop_schema_change: false,
      },
    }),
  ];
  return createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: config.http.graphiql ? { title: 'image-pipeline-gateway', defaultQuery: graphiqlDefaultQuery(config.backend) } : false,
    maskedErrors: { maskError: createMaskError(logger) },
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      // Yoga reports every error it masks; maskError has already logged the ones that matter.
      error: (...args) =>
        args.every((arg) => arg instanceof GraphQLError) ? logger.debug({ args }, 'yoga') : logger.error({ args }, 'yoga'),
    },
    plugins,
    context: () => ({
      cloudControl,
      loaders: createLoaders(
        (key) => cloudControl.getResource(key.region, key.typeName, key.identifier),
        (key) => cloudControl.listResources(key.region, key.typeName, key.token),
        { concurrency: config.upstream.concurrency, peek: (key) => cloudControl.peekResource(key.region, key.typeName, key.identifier) },
      ),
      cursors,
      settings,
      scope: 'write',
      requestId: '',
    }),
  });
}
