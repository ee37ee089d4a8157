import { CONTAINER_RECIPE } from './container-recipe';
import { DISTRIBUTION_CONFIGURATION } from './distribution-configuration';
import { IMAGE_PIPELINE } from './image-pipeline';
import { IMAGE_RECIPE } from './image-recipe';
import { INFRASTRUCTURE_CONFIGURATION } from './infrastructure-configuration';
import type { ResourceType } from './resource-type';
import { WORKFLOW } from './workflow';

export { CONTAINER_RECIPE, DISTRIBUTION_CONFIGURATION, IMAGE_PIPELINE, IMAGE_RECIPE, INFRASTRUCTURE_CONFIGURATION, WORKFLOW };
export type { ResourceType } from './resource-type';

/**
 * Every Cloud Control type the gateway serves, the one list the other layers read: the schema
 * builds a Node type per entry, global ids and metrics name them, errors take their permissions
 * from it. Adding a type is a module beside these and a line here.
 */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  IMAGE_PIPELINE,
  IMAGE_RECIPE,
  CONTAINER_RECIPE,
  INFRASTRUCTURE_CONFIGURATION,
  DISTRIBUTION_CONFIGURATION,
  WORKFLOW,
];

const byTypeName = new Map(RESOURCE_TYPES.map((type) => [type.typeName, type]));
const byName = new Map(RESOURCE_TYPES.map((type) => [type.name, type]));

/** The type of a CloudFormation type name (AWS::ImageBuilder::ImageRecipe), if the gateway serves it. */
export function resourceTypeOf(typeName: string): ResourceType | undefined {
  return byTypeName.get(typeName);
}

/** The type of a GraphQL type name or global id prefix (ImageRecipe), if the gateway serves it. */
export function resourceTypeNamed(name: string): ResourceType | undefined {
  return byName.get(name);
}
