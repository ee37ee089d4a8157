import { builder } from '../builder';
import { CONTAINER_RECIPE, DISTRIBUTION_CONFIGURATION, IMAGE_RECIPE, INFRASTRUCTURE_CONFIGURATION, type ResourceType, WORKFLOW } from '../resources/registry';
import { loadResource, resourceNode } from './resource-node';
import { upstreamCost } from './upstream-cost';

/** The resources a pipeline points at: each a Node type, and readable on its own by ARN. */
function relatedResource(type: ResourceType) {
  const node = resourceNode(type);
  const field = type.name.charAt(0).toLowerCase() + type.name.slice(1);
  builder.queryField(field, (t) =>
    t.field({
      type: node,
      nullable: true,
      description: `One ${type.noun} by ARN, or null when it does not exist.`,
      extensions: upstreamCost({ byArn: type.name }),
      args: {
        arn: t.arg.string({ required: true, description: `The ${type.noun} ARN, such as ${type.exampleArn}.` }),
        region: t.arg.string({ description: "The region to ask; defaults to the ARN's region, and must agree with it." }),
      },
      resolve: (_root, args, context) => loadResource(context, type, args.arn, args.region),
    }),
  );
  return node;
}

export const ImageRecipe = relatedResource(IMAGE_RECIPE);
export const ContainerRecipe = relatedResource(CONTAINER_RECIPE);
export const InfrastructureConfiguration = relatedResource(INFRASTRUCTURE_CONFIGURATION);
export const DistributionConfiguration = relatedResource(DISTRIBUTION_CONFIGURATION);
export const Workflow = relatedResource(WORKFLOW);
