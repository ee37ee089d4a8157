import { builder } from '../builder';
import { enumValues } from '../resources/api-model';
import { enumName } from './resource-fields';

/**
 * An enum of Image Builder's API model as a GraphQL enum: exactly the model's values (its own
 * spelling is each value's value), each described here, since the model describes none of them.
 */
function apiEnum(shape: string, description: string, values: Record<string, string>) {
  const allowed = enumValues(shape);
  const undescribed = allowed.filter((value) => !values[value]);
  if (undescribed.length || Object.keys(values).some((value) => !allowed.includes(value))) {
    throw new Error(`the GraphQL enum ${shape} must describe exactly the Image Builder model's values ${allowed.join(', ')}`);
  }
  return builder.enumType(shape, {
    description,
    values: Object.fromEntries(allowed.map((value) => [enumName(value), { value, description: values[value] }])),
  });
}

export const ImageStatus = apiEnum('ImageStatus', "Where an image build stands (Image Builder's ImageStatus). AVAILABLE, CANCELLED, FAILED, DEPRECATED, DELETED and DISABLED are final.", {
  PENDING: 'The build is queued and has not started.',
  CREATING: 'Image Builder is creating the image record (an import, or the start of a build).',
  BUILDING: 'The build instance is running the recipe’s build components.',
  TESTING: 'The image is being tested by its test components and workflows.',
  DISTRIBUTING: 'The image is being copied and shared to the regions and accounts of its distribution configuration.',
  INTEGRATING: 'The image is being handed to the services it integrates with (such as AWS Marketplace).',
  AVAILABLE: 'Final: the build succeeded and the image is available.',
  CANCELLED: 'Final: the build was cancelled before it finished.',
  FAILED: 'Final: the build failed; state.reason says why.',
  DEPRECATED: 'Final: the image was deprecated (by a lifecycle policy or by hand).',
  DELETED: 'Final: the image was deleted.',
  DISABLED: 'Final: the image was disabled.',
});

export const Platform = apiEnum('Platform', 'The operating system platform of a pipeline and of the images it builds.', {
  Windows: 'Microsoft Windows.',
  Linux: 'Linux.',
  macOS: 'Apple macOS.',
});

export const ImageType = apiEnum('ImageType', 'What an image build produces.', {
  AMI: 'An Amazon Machine Image (from an image recipe).',
  DOCKER: 'A container image (from a container recipe).',
});

export const BuildType = apiEnum('BuildType', 'What started an image build.', {
  USER_INITIATED: 'A manual pipeline build request (StartImagePipelineExecution).',
  SCHEDULED: "A pipeline build started by the pipeline's cron expression, or from EventBridge.",
  IMPORT: 'A VM import created the image, to use as the base image of a recipe.',
  IMPORT_ISO: 'An ISO disk import created the image.',
});

export const ImageSource = apiEnum('ImageSource', 'The origin of the base image an image was built from.', {
  AMAZON_MANAGED: 'An image AWS manages.',
  AWS_MARKETPLACE: 'An image from AWS Marketplace.',
  IMPORTED: 'An imported image.',
  CUSTOM: 'An image of your own.',
});
