import { createSchema, createYoga } from 'graphql-yoga';
import { BASELINE_SDL, serve } from './baseline';

/**
 * What the gateway's own overhead is measured against: graphql-yoga with no plugins, answering
 * a constant pipeline of the same shape as the gateway's answer. Whatever the gateway costs
 * beyond this is ours (schema, loaders, shared reads, metrics, error handling).
 */
const PIPELINE = {
  arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden',
  region: 'us-east-1',
  name: 'amazon-linux-2023-golden',
  description: 'Weekly golden Amazon Linux 2023 AMI with CIS level 1 hardening, tested and distributed to three regions.',
  status: 'ENABLED',
  schedule: {
    scheduleExpression: 'cron(0 6 ? * MON *)',
    pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
    timezone: 'America/New_York',
  },
  imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023-golden/3.2.0',
  infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
  distributionConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/three-region-golden',
  enhancedImageMetadataEnabled: true,
  imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
  executionRole: 'arn:aws:iam::123456789012:role/ImageBuilderWorkflowExecution',
  workflows: [
    { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x', onFailure: 'ABORT' },
    { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/x.x.x', onFailure: 'CONTINUE' },
  ],
  tags: [
    { key: 'team', value: 'platform' },
    { key: 'env', value: 'prod' },
    { key: 'cost-center', value: 'cc-1042' },
  ],
};

const yoga = createYoga({
  schema: createSchema({ typeDefs: BASELINE_SDL, resolvers: { Query: { imagePipeline: () => PIPELINE } } }),
  logging: false,
  // BARE_BODY_STREAM=off: without yoga's body-size stream, which the gateway replaces with a
  // Content-Length check (src/plugins/http-guards.ts). Against this variant the ratio measures
  // only what the gateway adds; against stock yoga it includes what the gateway saves.
  ...(process.env.BARE_BODY_STREAM === 'off' ? { maxRequestBodySize: false as const } : {}),
});

serve(yoga);
