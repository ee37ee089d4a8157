import { defineResourceType } from './resource-type';
import { tagsField } from './shared-fields';

export const INFRASTRUCTURE_CONFIGURATION = defineResourceType({
  schemaFile: 'aws-imagebuilder-infrastructureconfiguration.json',
  name: 'InfrastructureConfiguration',
  noun: 'infrastructure configuration',
  arnKind: 'infrastructure-configuration',
  arnShape: 'InfrastructureConfigurationArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/my-build-fleet',
  description:
    'An EC2 Image Builder infrastructure configuration (AWS::ImageBuilder::InfrastructureConfiguration): the instances, network and logging a build runs with.',
  fields: {
    name: 'Name',
    description: 'Description',
    instanceTypes: 'InstanceTypes',
    instanceProfileName: 'InstanceProfileName',
    subnetId: 'SubnetId',
    securityGroupIds: 'SecurityGroupIds',
    keyPair: 'KeyPair',
    terminateInstanceOnFailure: 'TerminateInstanceOnFailure',
    snsTopicArn: 'SnsTopicArn',
    logging: {
      property: 'Logging',
      object: 'InfrastructureLogging',
      fields: { s3Logs: { property: 'S3Logs', object: 'S3Logs', fields: { s3BucketName: 'S3BucketName', s3KeyPrefix: 'S3KeyPrefix' } } },
    },
    instanceMetadataOptions: {
      property: 'InstanceMetadataOptions',
      object: 'InstanceMetadataOptions',
      fields: {
        httpPutResponseHopLimit: 'HttpPutResponseHopLimit',
        httpTokens: {
          property: 'HttpTokens',
          enum: 'InstanceMetadataHttpTokens',
          values: { required: 'IMDSv2 only: requests need a session token.', optional: 'IMDSv1 and IMDSv2 are both allowed.' },
        },
      },
    },
    resourceTags: 'ResourceTags',
    ...tagsField,
  },
});
