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
  return `# image-pipeline-gateway on the embedded emulator (demo data, no AWS account). Press the run button.
# A dashboard: each pipeline's health and latest image (Image Builder), the recipe and build
# fleet behind it (Cloud Control, one read per distinct resource), and a second account's
# pipelines through its role. Cmd/Ctrl-click a type or field for its documentation.
query Dashboard {
  imagePipelines(region: "us-east-1", first: 10) {
    nodes {
      id
      name
      status
      lastRunStatus
      consecutiveFailures
      nextRunAt
      latestImage { version state { status reason } createdAt }
      imageRecipe { name version parentImage components { componentArn } }
      infrastructureConfiguration { name instanceTypes }
      distributionConfiguration { distributions { region } }
      schedule { scheduleExpression }
    }
    pageInfo { hasNextPage endCursor }
  }
  payments: imagePipelines(region: "us-east-1", accountId: "210987654321") {
    nodes { name status lastRunStatus consecutiveFailures }
  }
}
`;
}
