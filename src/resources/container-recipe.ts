import { defineResourceType } from './resource-type';
import { blockDeviceMappingsField, componentsField, tagsField, targetRepositoryField } from './shared-fields';

export const CONTAINER_RECIPE = defineResourceType({
  schemaFile: 'aws-imagebuilder-containerrecipe.json',
  name: 'ContainerRecipe',
  noun: 'container recipe',
  arnKind: 'container-recipe',
  arnShape: 'ContainerRecipeArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/my-recipe/1.0.0',
  description: 'An EC2 Image Builder container recipe (AWS::ImageBuilder::ContainerRecipe): the parent image, components and target repository of a container image.',
  fields: {
    name: 'Name',
    version: 'Version',
    description: 'Description',
    parentImage: 'ParentImage',
    components: componentsField,
    containerType: { property: 'ContainerType', enum: 'ContainerType', values: { DOCKER: 'A Docker container image.' } },
    targetRepository: targetRepositoryField,
    dockerfileTemplateUri: 'DockerfileTemplateUri',
    workingDirectory: 'WorkingDirectory',
    kmsKeyId: 'KmsKeyId',
    instanceConfiguration: {
      property: 'InstanceConfiguration',
      object: 'ContainerInstanceConfiguration',
      fields: { image: 'Image', blockDeviceMappings: blockDeviceMappingsField('BlockDeviceMappings') },
    },
    ...tagsField,
  },
});
