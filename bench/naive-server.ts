import { createSchema, createYoga } from 'graphql-yoga';
import { upstreamOptions } from '../src/backend';
import { loadConfig } from '../src/config/config';
import { Registry } from 'prom-client';
import { createUpstream } from '../src/upstream/upstream';
import { IMAGE_PIPELINE } from '../src/resources/registry';
import type { ResourceModel } from '../src/resources/registry-schema';

const IMAGE_PIPELINE_TYPE = IMAGE_PIPELINE.typeName;
import { BASELINE_SDL, MODEL_FIELDS, serve } from './baseline';

/**
 * The baseline the gateway's read path is measured against: the obvious resolver, which asks
 * Cloud Control for the pipeline once for every field it resolves. No loaders, no sharing, no
 * cache; the same CloudControl client, timeouts, retries and pacing as the gateway.
 */
const env = process.env;
const config = loadConfig(env);
const { cloudControl } = createUpstream({
  ...upstreamOptions(config),
  endpoints: { cloudcontrol: env.AWS_ENDPOINT_URL, imagebuilder: env.AWS_ENDPOINT_URL, sts: env.AWS_ENDPOINT_URL },
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'bench', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'bench' },
  region: config.region ?? 'us-east-1',
  shareReads: false,
  registry: new Registry(),
  metrics: { observe: () => {}, observeRead: () => {} },
});

const regionOf = (arn: string) => arn.split(':')[3] ?? '';
const accountOf = (arn: string) => arn.split(':')[4] ?? '';

/** A nested CloudFormation object with its properties renamed to the schema's field names. */
function rename(value: unknown, names: Record<string, string>): Record<string, unknown> | null {
  if (!value) return null;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(names).map(([field, property]) => [field, object[property]]));
}

/** What each model field resolves to, from a model read for that field alone. */
const PICK: Record<(typeof MODEL_FIELDS)[number], (model: ResourceModel) => unknown> = {
  name: (m) => m.Name,
  description: (m) => m.Description,
  status: (m) => m.Status,
  schedule: (m) =>
    rename(m.Schedule, { scheduleExpression: 'ScheduleExpression', pipelineExecutionStartCondition: 'PipelineExecutionStartCondition', timezone: 'Timezone' }),
  imageRecipeArn: (m) => m.ImageRecipeArn,
  infrastructureConfigurationArn: (m) => m.InfrastructureConfigurationArn,
  distributionConfigurationArn: (m) => m.DistributionConfigurationArn,
  enhancedImageMetadataEnabled: (m) => m.EnhancedImageMetadataEnabled,
  imageTestsConfiguration: (m) => rename(m.ImageTestsConfiguration, { imageTestsEnabled: 'ImageTestsEnabled', timeoutMinutes: 'TimeoutMinutes' }),
  executionRole: (m) => m.ExecutionRole,
  workflows: (m) => ((m.Workflows ?? []) as unknown[]).map((w) => rename(w, { workflowArn: 'WorkflowArn', onFailure: 'OnFailure' })),
  tags: (m) => Object.entries((m.Tags ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value })),
};

const pipelineResolvers = Object.fromEntries(
  MODEL_FIELDS.map((field) => [
    field,
    async (parent: { arn: string; region: string }) => {
      const model = await cloudControl.getResource({ accountId: accountOf(parent.arn), region: parent.region }, IMAGE_PIPELINE_TYPE, parent.arn);
      return model ? PICK[field](model) : null;
    },
  ]),
);

const yoga = createYoga({
  schema: createSchema({
    typeDefs: BASELINE_SDL,
    resolvers: {
      Query: {
        imagePipeline: async (_root: unknown, args: { arn: string; region?: string }) => {
          const region = args.region ?? regionOf(args.arn);
          return (await cloudControl.getResource({ accountId: accountOf(args.arn), region }, IMAGE_PIPELINE_TYPE, args.arn)) ? { arn: args.arn, region } : null;
        },
      },
      ImagePipeline: pipelineResolvers,
    },
  }),
  logging: false,
});

serve(yoga);
