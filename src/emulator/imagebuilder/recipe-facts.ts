import type { Place } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import { CONTAINER_RECIPE, IMAGE_RECIPE } from '../resources/type-names';
import type { ResourceStore } from '../store';

/**
 * What Image Builder knows of a pipeline's images from its recipe: what they are (an AMI from an
 * image recipe, a Docker image from a container recipe), their name and version (the recipe's),
 * and the platform and operating system of the parent image they are built on.
 */
export interface RecipeFacts {
  recipeArn: string;
  /** The recipe as the store keeps it; undefined when the pipeline names one the account does not hold. */
  recipe?: ResourceModel;
  type: 'AMI' | 'DOCKER';
  name: string;
  version: string;
  platform: 'Linux' | 'Windows';
  osVersion?: string;
  /** An AWS-managed parent image (account `aws` in its ARN) or the account's own (an AMI id, a registry image). */
  imageSource: 'AMAZON_MANAGED' | 'CUSTOM';
}

/** Operating systems by the names of the parent images that carry them (AWS-managed image names such as `amazon-linux-2023-x86`). */
const OPERATING_SYSTEMS: [RegExp, string][] = [
  [/windows-server-(\d{4})/, 'Microsoft Windows Server $1'],
  [/amazon-linux-2023/, 'Amazon Linux 2023'],
  [/amazon-linux-2(?!\d)/, 'Amazon Linux 2'],
  [/ubuntu-server-(\d{2})/, 'Ubuntu $1'],
  [/red-hat-enterprise-linux-(\d+)/, 'Red Hat Enterprise Linux $1'],
  [/amazoncorretto|amazonlinux/, 'Amazon Linux 2023'],
];

function osVersionOf(parentImage: string): string | undefined {
  for (const [pattern, label] of OPERATING_SYSTEMS) {
    const match = pattern.exec(parentImage);
    if (match) return match[0].replace(pattern, label);
  }
  return undefined;
}

/** `…:image-recipe/al2023-golden/3.2.0` → name and version, for a recipe the store does not hold. */
function nameAndVersion(arn: string): { name: string; version: string } {
  const [, name = 'unknown', version = '1.0.0'] = /\/([^/]+)\/([^/]+)$/.exec(arn) ?? [];
  return { name, version };
}

export function recipeFactsOf(store: ResourceStore, place: Place, pipeline: ResourceModel): RecipeFacts {
  const container = typeof pipeline.ContainerRecipeArn === 'string';
  const recipeArn = String(container ? pipeline.ContainerRecipeArn : pipeline.ImageRecipeArn);
  const recipe = store.get(place, container ? CONTAINER_RECIPE : IMAGE_RECIPE, recipeArn);
  const parentImage = String(recipe?.ParentImage ?? '');
  const fromArn = nameAndVersion(recipeArn);
  const windows = /windows/i.test(parentImage);
  return {
    recipeArn,
    recipe,
    type: container ? 'DOCKER' : 'AMI',
    name: typeof recipe?.Name === 'string' ? recipe.Name : fromArn.name,
    version: typeof recipe?.Version === 'string' ? recipe.Version : fromArn.version,
    platform: container ? (recipe?.PlatformOverride === 'Windows' ? 'Windows' : 'Linux') : windows ? 'Windows' : 'Linux',
    osVersion: osVersionOf(parentImage),
    imageSource: /^arn:[^:]+:imagebuilder:[^:]+:aws:image\//.test(parentImage) ? 'AMAZON_MANAGED' : 'CUSTOM',
  };
}
