import type { ImageRecord } from '../image-store';
import type { ResourceModel } from '../resources/handler-rules';
import { asApiStructure } from './api-shape';
import { dateTime } from './dates';

/**
 * An image as the API returns it: the ImageSummary of a pipeline's list, or the fuller Image of
 * GetImage, which adds what the build was made with (the recipe, infrastructure and
 * distribution as they were when it started, and the pipeline's settings).
 */

const state = (image: ImageRecord) => ({ status: image.status, ...(image.reason ? { reason: image.reason } : {}) });
/** The build version: the recipe's semantic version and the build number (`3.2.0/4`). */
const version = (image: ImageRecord) => `${image.facts.version}/${image.build}`;
const logGroup = (image: ImageRecord) => {
  const configured = (image.pipeline.LoggingConfiguration as ResourceModel | undefined)?.ImageLogGroupName;
  return { logGroupName: typeof configured === 'string' ? configured : `/aws/imagebuilder/${image.facts.name}` };
};

export function imageSummary(image: ImageRecord): Record<string, unknown> {
  return {
    arn: image.arn,
    name: image.facts.name,
    type: image.facts.type,
    version: version(image),
    platform: image.facts.platform,
    ...(image.facts.osVersion ? { osVersion: image.facts.osVersion } : {}),
    state: state(image),
    owner: image.account,
    dateCreated: dateTime(image.createdAt),
    outputResources: image.outputResources,
    tags: image.tags,
    buildType: image.buildType,
    imageSource: image.facts.imageSource,
    loggingConfiguration: logGroup(image),
  };
}

export function imageDetail(image: ImageRecord): Record<string, unknown> {
  const pipeline = asApiStructure(image.pipeline, 'ImagePipeline');
  const recipe = image.facts.recipe
    ? {
        ...asApiStructure(image.facts.recipe, image.facts.type === 'DOCKER' ? 'ContainerRecipe' : 'ImageRecipe'),
        ...(image.facts.type === 'AMI' ? { type: 'AMI' } : {}),
        platform: image.facts.platform,
        owner: image.account,
      }
    : undefined;
  return {
    arn: image.arn,
    type: image.facts.type,
    name: image.facts.name,
    version: version(image),
    platform: image.facts.platform,
    enhancedImageMetadataEnabled: pipeline.enhancedImageMetadataEnabled,
    ...(image.facts.osVersion ? { osVersion: image.facts.osVersion } : {}),
    state: state(image),
    ...(recipe ? { [image.facts.type === 'DOCKER' ? 'containerRecipe' : 'imageRecipe']: recipe } : {}),
    sourcePipelineName: image.pipeline.Name,
    sourcePipelineArn: image.pipelineArn,
    ...(image.infrastructure ? { infrastructureConfiguration: asApiStructure(image.infrastructure, 'InfrastructureConfiguration') } : {}),
    ...(image.distribution ? { distributionConfiguration: asApiStructure(image.distribution, 'DistributionConfiguration') } : {}),
    ...(pipeline.imageTestsConfiguration ? { imageTestsConfiguration: pipeline.imageTestsConfiguration } : {}),
    dateCreated: dateTime(image.createdAt),
    outputResources: image.outputResources,
    tags: image.tags,
    buildType: image.buildType,
    imageSource: image.facts.imageSource,
    ...(pipeline.imageScanningConfiguration ? { imageScanningConfiguration: pipeline.imageScanningConfiguration } : {}),
    ...(pipeline.executionRole ? { executionRole: pipeline.executionRole } : {}),
    ...(pipeline.workflows ? { workflows: pipeline.workflows } : {}),
    loggingConfiguration: logGroup(image),
  };
}
