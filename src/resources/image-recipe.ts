import { defineResourceType } from './resource-type';
import { blockDeviceMappingsField, componentsField, tagsField } from './shared-fields';

export const IMAGE_RECIPE = defineResourceType({
  schemaFile: 'aws-imagebuilder-imagerecipe.json',
  name: 'ImageRecipe',
  noun: 'image recipe',
  arnKind: 'image-recipe',
  arnShape: 'ImageRecipeArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0',
  description: 'An EC2 Image Builder image recipe (AWS::ImageBuilder::ImageRecipe): the parent image and the components an AMI is built from.',
  fields: {
    name: 'Name',
    version: 'Version',
    description: 'Description',
    parentImage: 'ParentImage',
    components: componentsField,
    blockDeviceMappings: blockDeviceMappingsField('BlockDeviceMappings'),
    workingDirectory: 'WorkingDirectory',
    amiTags: 'AmiTags',
    ...tagsField,
  },
});
