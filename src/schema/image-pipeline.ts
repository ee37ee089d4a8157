import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { regionForArn, parsePipelineArn } from '../resource/arn';
import { describeProperty, type ResourceModel } from '../resource/image-pipeline-type';
import {
  type CfnObject,
  ImagePipelineStatus,
  ImageScanningConfiguration,
  ImageTestsConfiguration,
  PipelineLoggingConfiguration,
  Schedule,
  Tag,
  tagsOf,
  WorkflowConfiguration,
} from './image-pipeline-parts';
import { modelOf, PipelineRef } from './pipeline-ref';
import { assertAllowedRegion } from './regions';

type Resolver<T> = (ref: PipelineRef, args: object, context: GatewayContext) => T | Promise<T>;

/**
 * A field read from the pipeline's model, loaded (once per request) only when selected. Once
 * loaded, the field resolves synchronously: a promise per field is most of what a warm query
 * would otherwise cost.
 */
const fromModel =
  <T>(pick: (model: ResourceModel) => T): Resolver<T> =>
  (ref, _args, context) =>
    ref.model ? pick(ref.model) : modelOf(ref, context).then(pick);

/** A nullable field that is the model's property `name`, described by the schema. */
const property = (name: string) => ({
  nullable: true as const,
  description: describeProperty([name]),
  resolve: fromModel((model) => (model[name] ?? null) as never),
});

/**
 * Looks a pipeline up by ARN; null when it does not exist. Bad input never reaches Cloud Control.
 * Shared by `imagePipeline` and the Relay `node`/`nodes` fields.
 */
export async function loadPipeline(context: GatewayContext, arn: string, region?: string | null): Promise<PipelineRef | null> {
  const parsed = parsePipelineArn(arn);
  const target = assertAllowedRegion(context, regionForArn(parsed, region));
  const ref = new PipelineRef(parsed, target);
  ref.model = (await context.loaders.resources.load(ref.key)) ?? undefined;
  return ref.model ? ref : null;
}

export const ImagePipeline = builder.node(PipelineRef, {
  name: 'ImagePipeline',
  description:
    'An EC2 Image Builder image pipeline (AWS::ImageBuilder::ImagePipeline), read through Cloud Control. ' +
    'Its global id is derived from the ARN, so it also names the region.',
  id: { resolve: (ref) => ref.arn },
  loadMany: (arns, context) => arns.map((arn) => loadPipeline(context, arn)),
  fields: (t) => ({
    arn: t.exposeString('arn', { description: describeProperty(['Arn']) }),
    region: t.exposeString('region', { description: 'The AWS region the pipeline lives in (from its ARN).' }),
    accountId: t.exposeString('accountId', { description: 'The AWS account that owns the pipeline (from its ARN).' }),
    name: t.string({ description: describeProperty(['Name']), resolve: fromModel((model) => model.Name as string) }),
    description: t.string(property('Description')),
    status: t.field({ type: ImagePipelineStatus, ...property('Status') }),
    imageTestsConfiguration: t.field({ type: ImageTestsConfiguration, ...property('ImageTestsConfiguration') }),
    schedule: t.field({ type: Schedule, ...property('Schedule') }),
    imageRecipeArn: t.string(property('ImageRecipeArn')),
    containerRecipeArn: t.string(property('ContainerRecipeArn')),
    distributionConfigurationArn: t.string(property('DistributionConfigurationArn')),
    infrastructureConfigurationArn: t.string({
      description: describeProperty(['InfrastructureConfigurationArn']),
      resolve: fromModel((model) => model.InfrastructureConfigurationArn as string),
    }),
    workflows: t.field({
      type: [WorkflowConfiguration],
      description: describeProperty(['Workflows']),
      resolve: fromModel((model) => (model.Workflows ?? []) as CfnObject[]),
    }),
    enhancedImageMetadataEnabled: t.boolean(property('EnhancedImageMetadataEnabled')),
    imageScanningConfiguration: t.field({ type: ImageScanningConfiguration, ...property('ImageScanningConfiguration') }),
    executionRole: t.string(property('ExecutionRole')),
    loggingConfiguration: t.field({ type: PipelineLoggingConfiguration, ...property('LoggingConfiguration') }),
    tags: t.field({ type: [Tag], description: describeProperty(['Tags']), resolve: fromModel((model) => tagsOf(model.Tags)) }),
    imageTags: t.field({ type: [Tag], description: describeProperty(['ImageTags']), resolve: fromModel((model) => tagsOf(model.ImageTags)) }),
    deploymentId: t.string(property('DeploymentId')),
    properties: t.field({
      type: 'JSONObject',
      description: 'The raw CloudFormation resource model as Cloud Control returned it (PascalCase property names).',
      resolve: fromModel((model) => model),
    }),
  }),
});

builder.queryType({ description: 'Reads: pipelines by ARN or id, lists of them, and the asynchronous writes that change them.' });

builder.queryField('imagePipeline', (t) =>
  t.field({
    type: ImagePipeline,
    nullable: true,
    description: 'One image pipeline by ARN, or null when it does not exist.',
    args: {
      arn: t.arg.string({ required: true, description: 'The pipeline ARN, such as arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/my-pipeline.' }),
      region: t.arg.string({ description: "The region to ask; defaults to the ARN's region, and must agree with it." }),
    },
    resolve: (_root, args, context) => loadPipeline(context, args.arn, args.region),
  }),
);
