import { defineResourceType } from './resource-type';

export const IMAGE_PIPELINE = defineResourceType({
  schemaFile: 'aws-imagebuilder-imagepipeline.json',
  name: 'ImagePipeline',
  noun: 'image pipeline',
  arnKind: 'image-pipeline',
  arnShape: 'ImagePipelineArn',
  exampleArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/my-pipeline',
  description:
    'An EC2 Image Builder image pipeline (AWS::ImageBuilder::ImagePipeline), read through Cloud Control. ' +
    'Its global id is derived from the ARN, so it also names the region.',
  fields: {
    name: 'Name',
    description: 'Description',
    status: {
      property: 'Status',
      enum: 'ImagePipelineStatus',
      values: {
        ENABLED: 'The pipeline runs on its schedule and can be started on demand.',
        DISABLED: 'The pipeline does not run on its schedule; it keeps its configuration.',
      },
    },
    imageTestsConfiguration: {
      property: 'ImageTestsConfiguration',
      object: 'ImageTestsConfiguration',
      fields: { imageTestsEnabled: 'ImageTestsEnabled', timeoutMinutes: 'TimeoutMinutes' },
    },
    schedule: {
      property: 'Schedule',
      object: 'Schedule',
      fields: {
        scheduleExpression: 'ScheduleExpression',
        pipelineExecutionStartCondition: {
          property: 'PipelineExecutionStartCondition',
          enum: 'PipelineExecutionStartCondition',
          values: {
            EXPRESSION_MATCH_ONLY: 'Build at every match of the schedule expression.',
            EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE:
              'Build at a match of the schedule expression only when a newer base image or component version is available (the default).',
          },
        },
        timezone: 'Timezone',
        autoDisablePolicy: { property: 'AutoDisablePolicy', object: 'AutoDisablePolicy', fields: { failureCount: 'FailureCount' } },
      },
    },
    imageRecipeArn: 'ImageRecipeArn',
    containerRecipeArn: 'ContainerRecipeArn',
    distributionConfigurationArn: 'DistributionConfigurationArn',
    infrastructureConfigurationArn: 'InfrastructureConfigurationArn',
    workflows: {
      property: 'Workflows',
      object: 'WorkflowConfiguration',
      fields: {
        workflowArn: 'WorkflowArn',
        parameters: {
          property: 'Parameters',
          object: 'WorkflowParameter',
          fields: { name: { property: 'Name', description: 'The name of the workflow parameter.' }, value: 'Value' },
        },
        parallelGroup: 'ParallelGroup',
        onFailure: {
          property: 'OnFailure',
          enum: 'WorkflowOnFailure',
          values: {
            ABORT: 'A failure of this workflow stops the build.',
            CONTINUE: 'A failure of this workflow is recorded and the build goes on.',
          },
        },
      },
    },
    enhancedImageMetadataEnabled: 'EnhancedImageMetadataEnabled',
    imageScanningConfiguration: {
      property: 'ImageScanningConfiguration',
      object: 'ImageScanningConfiguration',
      fields: {
        imageScanningEnabled: 'ImageScanningEnabled',
        ecrConfiguration: {
          property: 'EcrConfiguration',
          object: 'EcrConfiguration',
          fields: { repositoryName: 'RepositoryName', containerTags: 'ContainerTags' },
        },
      },
    },
    executionRole: 'ExecutionRole',
    loggingConfiguration: {
      property: 'LoggingConfiguration',
      object: 'PipelineLoggingConfiguration',
      fields: { imageLogGroupName: 'ImageLogGroupName', pipelineLogGroupName: 'PipelineLogGroupName' },
    },
    tags: 'Tags',
    imageTags: 'ImageTags',
    deploymentId: 'DeploymentId',
  },
});

/** How a pipeline's ARN spells its name: lowercased, with spaces as dashes. */
export function pipelineNameInArn(name: string): string {
  return name.toLowerCase().replace(/ /g, '-');
}

/** The name segment of a pipeline ARN (`…:image-pipeline/my-pipeline` → `my-pipeline`). */
export function pipelineNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('image-pipeline/') + 'image-pipeline/'.length);
}
