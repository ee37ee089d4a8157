import { defineResourceType } from './resource-type';
import { tagsField } from './shared-fields';

export const WORKFLOW = defineResourceType({
  schemaFile: 'aws-imagebuilder-workflow.json',
  name: 'Workflow',
  noun: 'workflow',
  arnKind: 'workflow',
  arnShape: 'WorkflowVersionArnOrBuildVersionArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:workflow/build/my-workflow/1.0.0/1',
  awsOwned: true,
  description:
    'An EC2 Image Builder workflow (AWS::ImageBuilder::Workflow): the steps a pipeline runs to build, test or distribute an image.',
  fields: {
    name: 'Name',
    version: 'Version',
    type: {
      property: 'Type',
      enum: 'WorkflowType',
      values: {
        BUILD: 'Builds the image.',
        TEST: 'Tests the image that was built.',
        DISTRIBUTION: 'Distributes the image to its targets.',
      },
    },
    description: 'Description',
    changeDescription: 'ChangeDescription',
    kmsKeyId: 'KmsKeyId',
    ...tagsField,
  },
});
