/** The benchmark's queries: the same text runs against the gateway and the baselines. */

const DETAILS = `
  name description status schedule { scheduleExpression timezone } imageRecipeArn infrastructureConfigurationArn
  distributionConfigurationArn enhancedImageMetadataEnabled imageTestsConfiguration { imageTestsEnabled timeoutMinutes }
  executionRole workflows { workflowArn onFailure } tags { key value }`;

/**
 * One query over the given pipelines, as a dashboard writes it: every pipeline with its
 * details, and every other one again under a second alias with a different selection, so the
 * query holds duplicates that must not cost a call.
 */
export function pipelinesQuery(arns: string[]): string {
  const fields = arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { arn region ${DETAILS} }`);
  const duplicates = arns.filter((_, i) => i % 2 === 0).map((arn, i) => `again${i}: imagePipeline(arn: "${arn}") { name status tags { key } }`);
  return `{ ${[...fields, ...duplicates].join('\n')} }`;
}

/** A dashboard table: one region's pipelines with their details, one page of `first`. */
export function dashboardQuery(region: string, first: number): string {
  return `{ imagePipelines(region: "${region}", first: ${first}) { edges { cursor node { arn ${DETAILS} } } pageInfo { hasNextPage endCursor } } }`;
}

/** The single warm pipeline of the load test; the bare server answers the same shape. */
export function singlePipelineQuery(arn: string): string {
  return `{ imagePipeline(arn: "${arn}") { arn region ${DETAILS} } }`;
}
