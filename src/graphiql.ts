import type { Backend } from './config/config';

/** What GraphiQL opens with: a query that works at once against the demo data. */
export function graphiqlDefaultQuery(backend: Backend): string {
  if (backend === 'aws') {
    return `# image-pipeline-gateway on AWS. List the pipelines of your default region:
query Pipelines {
  imagePipelines(first: 20) {
    nodes { arn name status schedule { scheduleExpression } }
    pageInfo { hasNextPage endCursor }
  }
}
`;
  }
  return `# image-pipeline-gateway on the embedded Cloud Control emulator (demo data, no AWS account).
# Press the run button. Try also: imagePipelines(region: "eu-west-1") { nodes { arn name } }
query DemoPipeline {
  imagePipeline(arn: "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden") {
    id
    arn
    accountId
    region
    name
    description
    status
    imageRecipeArn
    containerRecipeArn
    infrastructureConfigurationArn
    distributionConfigurationArn
    imageTestsConfiguration { imageTestsEnabled timeoutMinutes }
    schedule {
      scheduleExpression
      pipelineExecutionStartCondition
      timezone
      autoDisablePolicy { failureCount }
    }
    workflows { workflowArn parallelGroup onFailure parameters { name value } }
    enhancedImageMetadataEnabled
    imageScanningConfiguration { imageScanningEnabled ecrConfiguration { repositoryName containerTags } }
    executionRole
    loggingConfiguration { imageLogGroupName pipelineLogGroupName }
    tags { key value }
    imageTags { key value }
    deploymentId
  }
}
`;
}
