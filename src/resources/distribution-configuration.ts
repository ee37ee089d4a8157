import { defineResourceType } from './resource-type';
import { tagsField, targetRepositoryField } from './shared-fields';

export const DISTRIBUTION_CONFIGURATION = defineResourceType({
  schemaFile: 'aws-imagebuilder-distributionconfiguration.json',
  name: 'DistributionConfiguration',
  noun: 'distribution configuration',
  arnKind: 'distribution-configuration',
  arnShape: 'DistributionConfigurationArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/my-distribution',
  description:
    'An EC2 Image Builder distribution configuration (AWS::ImageBuilder::DistributionConfiguration): the regions and accounts an output image goes to.',
  fields: {
    name: 'Name',
    description: 'Description',
    distributions: {
      property: 'Distributions',
      object: 'Distribution',
      fields: {
        region: { property: 'Region', description: 'The region the output image is distributed to.' },
        amiDistributionConfiguration: {
          property: 'AmiDistributionConfiguration',
          object: 'AmiDistributionConfiguration',
          fields: { name: 'Name', description: 'Description', targetAccountIds: 'TargetAccountIds', amiTags: 'AmiTags', kmsKeyId: 'KmsKeyId' },
        },
        containerDistributionConfiguration: {
          property: 'ContainerDistributionConfiguration',
          object: 'ContainerDistributionConfiguration',
          fields: { description: 'Description', containerTags: 'ContainerTags', targetRepository: targetRepositoryField },
        },
        launchTemplateConfigurations: {
          property: 'LaunchTemplateConfigurations',
          object: 'LaunchTemplateConfiguration',
          fields: { launchTemplateId: 'LaunchTemplateId', accountId: 'AccountId', setDefaultVersion: 'SetDefaultVersion' },
        },
        licenseConfigurationArns: 'LicenseConfigurationArns',
      },
    },
    ...tagsField,
  },
});
