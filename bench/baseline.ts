import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The part of the gateway's schema the benchmark's queries select, for the two baselines it is
 * compared with: the naive resolver and the bare graphql-yoga server. Same names, same shapes,
 * so one query text runs against all three.
 */
export const BASELINE_SDL = /* GraphQL */ `
  type Query {
    imagePipeline(arn: String!, region: String): ImagePipeline
  }
  type ImagePipeline {
    arn: String!
    region: String!
    name: String!
    description: String
    status: String
    schedule: Schedule
    imageRecipeArn: String
    infrastructureConfigurationArn: String!
    distributionConfigurationArn: String
    enhancedImageMetadataEnabled: Boolean
    imageTestsConfiguration: ImageTestsConfiguration
    executionRole: String
    workflows: [Workflow!]!
    tags: [Tag!]!
  }
  type Schedule {
    scheduleExpression: String
    pipelineExecutionStartCondition: String
    timezone: String
  }
  type ImageTestsConfiguration {
    imageTestsEnabled: Boolean
    timeoutMinutes: Int
  }
  type Workflow {
    workflowArn: String!
    onFailure: String
  }
  type Tag {
    key: String!
    value: String!
  }
`;

/** The ImagePipeline fields read from the CloudFormation model (all but arn and region). */
export const MODEL_FIELDS = [
  'name',
  'description',
  'status',
  'schedule',
  'imageRecipeArn',
  'infrastructureConfigurationArn',
  'distributionConfigurationArn',
  'enhancedImageMetadataEnabled',
  'imageTestsConfiguration',
  'executionRole',
  'workflows',
  'tags',
] as const;

/** Puts a baseline on a socket and prints the line the runner waits for: `{"msg":"listening","url":…}`. */
export function serve(handler: RequestListener): void {
  const server = createServer(handler);
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    console.log(JSON.stringify({ msg: 'listening', url }));
  });
  // A clean exit on a signal, so `node --cpu-prof` writes its profile.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
}
