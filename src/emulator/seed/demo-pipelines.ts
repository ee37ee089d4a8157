import { imageBuilderArn } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import { IMAGE_PIPELINE } from '../resources/type-names';
import { deploymentIdFor, seededArn, type SeededResource } from './seeded-resource';

const arnPrefix = (region: string, account: string) => `arn:aws:imagebuilder:${region}:${account}`;
/** AWS-managed workflows (account `aws`): Image Builder's own, not Cloud Control resources of the account. */
const managedWorkflow = (region: string, kind: 'build' | 'test' | 'distribution', name: string) =>
  `arn:aws:imagebuilder:${region}:aws:workflow/${kind}/${name}/x.x.x`;

/** The infrastructure configuration a pipeline builds on unless it names another (`InfraName`). */
export const STANDARD_FLEET = 'standard-build-fleet';

export function pipeline(region: string, account: string, name: string, properties: ResourceModel): SeededResource {
  const place = { account, region };
  const arn = seededArn(IMAGE_PIPELINE, place, { Name: name });
  return {
    ...place,
    typeName: IMAGE_PIPELINE,
    model: {
      Arn: arn,
      Name: name,
      InfrastructureConfigurationArn: imageBuilderArn(place, `infrastructure-configuration/${String(properties.InfraName ?? STANDARD_FLEET)}`),
      EnhancedImageMetadataEnabled: true,
      ImageTestsConfiguration: { ImageTestsEnabled: true, TimeoutMinutes: 720 },
      Status: 'ENABLED',
      ...withoutHelpers(properties),
      DeploymentId: deploymentIdFor(arn),
    },
  };
}

function withoutHelpers(properties: ResourceModel): ResourceModel {
  const { InfraName: _ignored, ...rest } = properties;
  return rest;
}

export const imageRecipe = (region: string, account: string, name: string, version = '1.0.0') =>
  `${arnPrefix(region, account)}:image-recipe/${name}/${version}`;
const containerRecipe = (region: string, account: string, name: string, version = '1.0.0') =>
  `${arnPrefix(region, account)}:container-recipe/${name}/${version}`;
const distribution = (region: string, account: string, name: string) =>
  `${arnPrefix(region, account)}:distribution-configuration/${name}`;

/**
 * Demo pipelines shaped like a platform team's real estate: golden AMIs and hardened images on
 * schedules, container pipelines scanned in ECR, a few disabled or unscheduled ones, and every
 * property of the CloudFormation schema used by at least one of them.
 */
export function demoPipelines(account: string): SeededResource[] {
  const east = 'us-east-1';
  const west = 'eu-west-1';
  const sydney = 'ap-southeast-2';
  return [
    pipeline(east, account, 'amazon-linux-2023-golden', {
      Description: 'Golden Amazon Linux 2023 AMI for every service team, rebuilt weekly with the latest patches.',
      ImageRecipeArn: imageRecipe(east, account, 'al2023-golden', '3.2.0'),
      DistributionConfigurationArn: distribution(east, account, 'org-wide-ami-sharing'),
      Schedule: {
        ScheduleExpression: 'cron(0 6 ? * MON *)',
        PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        Timezone: 'America/New_York',
        AutoDisablePolicy: { FailureCount: 3 },
      },
      Workflows: [
        { WorkflowArn: managedWorkflow(east, 'build', 'build-image'), OnFailure: 'ABORT' },
        { WorkflowArn: managedWorkflow(east, 'test', 'test-image'), OnFailure: 'CONTINUE', ParallelGroup: 'smoke-tests' },
      ],
      ExecutionRole: `arn:aws:iam::${account}:role/ImageBuilderWorkflowExecution`,
      ImageScanningConfiguration: { ImageScanningEnabled: true },
      LoggingConfiguration: {
        ImageLogGroupName: '/aws/imagebuilder/amazon-linux-2023-golden',
        PipelineLogGroupName: '/aws/imagebuilder/pipeline/amazon-linux-2023-golden',
      },
      Tags: { team: 'platform', env: 'prod', 'cost-center': 'cc-1042' },
      ImageTags: { os: 'al2023', hardened: 'false', 'built-by': 'image-builder' },
    }),
    pipeline(east, account, 'ubuntu-22-04-cis-hardened', {
      Description: 'Ubuntu 22.04 hardened to CIS Level 1, tested in two parallel groups.',
      ImageRecipeArn: imageRecipe(east, account, 'ubuntu-2204-cis', '2.4.1'),
      DistributionConfigurationArn: distribution(east, account, 'security-ami-sharing'),
      Schedule: {
        ScheduleExpression: 'cron(30 2 * * ? *)',
        PipelineExecutionStartCondition: 'EXPRESSION_MATCH_ONLY',
        Timezone: 'Etc/UTC',
      },
      Workflows: [
        {
          WorkflowArn: `${arnPrefix(east, account)}:workflow/build/cis-hardening-build/1.2.0/1`,
          Parameters: [
            { Name: 'cisLevel', Value: ['1'] },
            { Name: 'excludedControls', Value: ['1.1.2', '5.2.4'] },
          ],
          OnFailure: 'ABORT',
        },
        { WorkflowArn: managedWorkflow(east, 'test', 'test-image'), ParallelGroup: 'cis-benchmarks', OnFailure: 'CONTINUE' },
        { WorkflowArn: `${arnPrefix(east, account)}:workflow/test/inspector-gate/1.0.0/2`, ParallelGroup: 'cis-benchmarks', OnFailure: 'ABORT' },
      ],
      ExecutionRole: 'ImageBuilderWorkflowExecution',
      ImageScanningConfiguration: { ImageScanningEnabled: true },
      Tags: { team: 'security', env: 'prod', compliance: 'cis-l1' },
      ImageTags: { os: 'ubuntu-22.04', hardened: 'cis-l1' },
    }),
    pipeline(east, account, 'windows-server-2022-base', {
      Description: 'Windows Server 2022 base image, paused while the licensing review is open.',
      ImageRecipeArn: imageRecipe(east, account, 'windows-2022-base', '1.7.0'),
      Status: 'DISABLED',
      ImageTestsConfiguration: { ImageTestsEnabled: false, TimeoutMinutes: 90 },
      EnhancedImageMetadataEnabled: false,
      InfraName: 'windows-build-fleet',
      Tags: { team: 'windows-platform', env: 'staging' },
    }),
    pipeline(east, account, 'nginx-edge-container', {
      Description: 'Hardened nginx container image for the edge proxy tier.',
      ContainerRecipeArn: containerRecipe(east, account, 'nginx-edge', '1.25.4'),
      DistributionConfigurationArn: distribution(east, account, 'ecr-prod-replication'),
      Schedule: { ScheduleExpression: 'cron(0 4 ? * * *)', PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' },
      ImageScanningConfiguration: {
        ImageScanningEnabled: true,
        EcrConfiguration: { RepositoryName: 'edge/nginx-scans', ContainerTags: ['scan', 'nginx', 'edge'] },
      },
      InfraName: 'container-build-fleet',
      Tags: { team: 'edge', env: 'prod' },
    }),
    pipeline(east, account, 'python-runtime-container', {
      Description: 'Python 3.12 runtime base container, built on demand only.',
      ContainerRecipeArn: containerRecipe(east, account, 'python-runtime', '3.12.2'),
      Status: 'DISABLED',
      ImageScanningConfiguration: { ImageScanningEnabled: false },
      InfraName: 'container-build-fleet',
      Tags: { team: 'developer-experience' },
    }),
    pipeline(east, account, 'eks-node-al2023', {
      Description: 'EKS worker node AMI pinned to the cluster fleet Kubernetes version.',
      ImageRecipeArn: imageRecipe(east, account, 'eks-node-al2023', '1.30.0'),
      DistributionConfigurationArn: distribution(east, account, 'eks-fleet-regions'),
      Schedule: {
        ScheduleExpression: 'cron(0 8 1 * ? *)',
        PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        AutoDisablePolicy: { FailureCount: 2 },
      },
      Tags: { team: 'kubernetes', env: 'prod' },
    }),
    pipeline(east, account, 'gpu-deep-learning-base', {
      Description: 'CUDA base AMI for training hosts; built when the driver team asks.',
      ImageRecipeArn: imageRecipe(east, account, 'gpu-dl-base', '0.9.3'),
      InfraName: 'gpu-build-fleet',
      LoggingConfiguration: { PipelineLogGroupName: '/aws/imagebuilder/pipeline/gpu-deep-learning-base' },
      Tags: { team: 'ml-platform', env: 'dev' },
    }),
    pipeline(east, account, 'bastion-host-minimal', {
      ImageRecipeArn: imageRecipe(east, account, 'bastion-minimal', '1.0.2'),
      Schedule: { ScheduleExpression: 'cron(0 0 1,15 * ? *)' },
    }),
    pipeline(west, account, 'amazon-linux-2023-golden', {
      Description: 'EU copy of the golden Amazon Linux 2023 AMI, built in-region for data residency.',
      ImageRecipeArn: imageRecipe(west, account, 'al2023-golden', '3.2.0'),
      DistributionConfigurationArn: distribution(west, account, 'eu-ami-sharing'),
      Schedule: {
        ScheduleExpression: 'cron(0 6 ? * MON *)',
        PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        Timezone: 'Europe/Dublin',
        AutoDisablePolicy: { FailureCount: 3 },
      },
      Workflows: [{ WorkflowArn: managedWorkflow(west, 'build', 'build-image') }],
      ImageScanningConfiguration: { ImageScanningEnabled: true },
      Tags: { team: 'platform', env: 'prod', 'data-residency': 'eu' },
      ImageTags: { os: 'al2023' },
    }),
    pipeline(west, account, 'rhel-9-stig', {
      Description: 'RHEL 9 image with the DISA STIG high-severity controls applied.',
      ImageRecipeArn: imageRecipe(west, account, 'rhel9-stig', '1.3.0'),
      Schedule: { ScheduleExpression: 'cron(0 1 ? * SUN *)', PipelineExecutionStartCondition: 'EXPRESSION_MATCH_ONLY', Timezone: 'Europe/Paris' },
      ExecutionRole: `arn:aws:iam::${account}:role/ImageBuilderStigExecution`,
      LoggingConfiguration: { ImageLogGroupName: '/aws/imagebuilder/rhel-9-stig', PipelineLogGroupName: '/aws/imagebuilder/pipeline/rhel-9-stig' },
      Tags: { team: 'security', env: 'prod', compliance: 'stig-high' },
    }),
    pipeline(west, account, 'java-service-container', {
      Description: 'Corretto 21 service container used by the payments teams.',
      ContainerRecipeArn: containerRecipe(west, account, 'java-service', '21.0.3'),
      ImageScanningConfiguration: {
        ImageScanningEnabled: true,
        EcrConfiguration: { RepositoryName: 'payments/java-service-scans', ContainerTags: ['java21'] },
      },
      InfraName: 'container-build-fleet',
      Tags: { team: 'payments', env: 'prod' },
    }),
    pipeline(west, account, 'windows-server-2019-legacy', {
      Description: 'Legacy Windows Server 2019 image kept for the migration window.',
      ImageRecipeArn: imageRecipe(west, account, 'windows-2019-legacy', '4.0.1'),
      Status: 'DISABLED',
      InfraName: 'windows-build-fleet',
      Tags: { team: 'windows-platform', env: 'legacy' },
    }),
    pipeline(sydney, account, 'analytics-worker', {
      Description: 'Spark worker AMI for the APAC analytics cluster.',
      ImageRecipeArn: imageRecipe(sydney, account, 'analytics-worker', '2.0.0'),
      Schedule: { ScheduleExpression: 'cron(0 18 ? * FRI *)', Timezone: 'Australia/Sydney' },
      Tags: { team: 'data', env: 'prod' },
    }),
  ];
}

