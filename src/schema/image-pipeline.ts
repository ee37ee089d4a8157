import { builder } from '../builder';
import type { GatewayContext } from '../context';
import type { ResourceModel } from '../resources/registry-schema';
import { CONTAINER_RECIPE, DISTRIBUTION_CONFIGURATION, IMAGE_PIPELINE, IMAGE_RECIPE, INFRASTRUCTURE_CONFIGURATION, type ResourceType } from '../resources/registry';
import { generatedObjectType } from './resource-fields';
import { loadRelated, loadResource, resourceNode } from './resource-node';
import { modelNowOrLater, type ResourceRef } from './resource-ref';
import { ASSUMED_WORKFLOWS_PER_PIPELINE, upstreamCost } from './upstream-cost';
import { ContainerRecipe, DistributionConfiguration, ImageRecipe, InfrastructureConfiguration, Workflow } from './related-resources';
import { WORKFLOW } from '../resources/registry';

/** Looks a pipeline up by ARN; null when it does not exist. Bad input never reaches Cloud Control. */
export const loadPipeline = (context: GatewayContext, arn: string, region?: string | null) => loadResource(context, IMAGE_PIPELINE, arn, region);

/**
 * A resource the pipeline names by ARN, read (once per request, shared by every pipeline that
 * names it) only when the field is selected; null when there is none or it no longer exists.
 */
function related<Parent>(type: ResourceType, property: string, modelOf: (parent: Parent, context: GatewayContext) => ResourceModel | Promise<ResourceModel>) {
  return async (parent: Parent, _args: object, context: GatewayContext) => {
    const arn = (await modelOf(parent, context))[property];
    return typeof arn === 'string' && arn ? loadRelated(context, type, arn) : null;
  };
}

const relatedDescription = (type: ResourceType, property: string) =>
  `The ${type.noun} behind ${property} (read through Cloud Control only when selected, once per request however many pipelines share it); null when the pipeline names none or it no longer exists.`;

export const ImagePipeline = resourceNode(IMAGE_PIPELINE, (t) => ({
  imageRecipe: t.field({
    type: ImageRecipe,
    nullable: true,
    description: relatedDescription(IMAGE_RECIPE, 'imageRecipeArn'),
    extensions: upstreamCost({ perRow: 1 }),
    resolve: related(IMAGE_RECIPE, 'ImageRecipeArn', modelNowOrLater),
  }),
  containerRecipe: t.field({
    type: ContainerRecipe,
    nullable: true,
    description: relatedDescription(CONTAINER_RECIPE, 'containerRecipeArn'),
    extensions: upstreamCost({ perRow: 1 }),
    resolve: related(CONTAINER_RECIPE, 'ContainerRecipeArn', modelNowOrLater),
  }),
  infrastructureConfiguration: t.field({
    type: InfrastructureConfiguration,
    nullable: true,
    description: relatedDescription(INFRASTRUCTURE_CONFIGURATION, 'infrastructureConfigurationArn'),
    extensions: upstreamCost({ perRow: 1 }),
    resolve: related(INFRASTRUCTURE_CONFIGURATION, 'InfrastructureConfigurationArn', modelNowOrLater),
  }),
  distributionConfiguration: t.field({
    type: DistributionConfiguration,
    nullable: true,
    description: relatedDescription(DISTRIBUTION_CONFIGURATION, 'distributionConfigurationArn'),
    extensions: upstreamCost({ perRow: 1 }),
    resolve: related(DISTRIBUTION_CONFIGURATION, 'DistributionConfigurationArn', modelNowOrLater),
  }),
}));

builder.objectField(generatedObjectType('WorkflowConfiguration'), 'workflow', (t) =>
  t.field({
    type: Workflow,
    nullable: true,
    description:
      `${relatedDescription(WORKFLOW, 'workflowArn')} An AWS-managed workflow (account aws in its ARN) is not an account's resource, ` +
      "so Cloud Control cannot read it: it is read with Image Builder's GetWorkflow instead (its current version, description and document).",
    // Counted per pipeline on WorkflowConfiguration's parent rows (see upstream-cost.ts).
    extensions: upstreamCost({ perRow: ASSUMED_WORKFLOWS_PER_PIPELINE }),
    resolve: related(WORKFLOW, 'WorkflowArn', (parent: Record<string, unknown>) => parent),
  }),
);

builder.queryType({ description: 'Reads: pipelines by ARN or id, lists of them, the resources behind them, and the asynchronous writes that change them.' });

builder.queryField('imagePipeline', (t) =>
  t.field({
    type: ImagePipeline,
    nullable: true,
    description: 'One image pipeline by ARN, or null when it does not exist.',
    extensions: upstreamCost({ byArn: IMAGE_PIPELINE.name }),
    args: {
      arn: t.arg.string({ required: true, description: 'The pipeline ARN, such as arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/my-pipeline.' }),
      region: t.arg.string({ description: "The region to ask; defaults to the ARN's region, and must agree with it." }),
    },
    resolve: (_root, args, context) => loadPipeline(context, args.arn, args.region),
  }),
);

export type { ResourceRef };
