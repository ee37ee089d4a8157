import type { Place } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import {
  CONTAINER_RECIPE,
  DISTRIBUTION_CONFIGURATION,
  IMAGE_RECIPE,
  INFRASTRUCTURE_CONFIGURATION,
  WORKFLOW,
} from '../resources/type-names';
import { STANDARD_FLEET } from './demo-pipelines';
import { seeded, type SeededResource } from './seeded-resource';

/**
 * What the demo pipelines point at: their recipes, infrastructure and distribution
 * configurations, and the workflows of the account, so every such ARN a pipeline holds reads
 * back through GetResource. Infrastructure is shared the way a platform team shares build
 * fleets; the AWS-managed workflows (account `aws`) are Image Builder's, not the account's.
 */

const managedComponent = (region: string, name: string) => `arn:aws:imagebuilder:${region}:aws:component/${name}/x.x.x`;
const managedImage = (region: string, name: string) => `arn:aws:imagebuilder:${region}:aws:image/${name}/x.x.x`;

export function imageRecipeResource(place: Place, name: string, version: string, properties: ResourceModel): SeededResource {
  return seeded(IMAGE_RECIPE, place, { Name: name, Version: version, ...properties });
}

function containerRecipeResource(place: Place, name: string, version: string, properties: ResourceModel): SeededResource {
  return seeded(CONTAINER_RECIPE, place, { Name: name, Version: version, ContainerType: 'DOCKER', ...properties });
}

const DOCKERFILE = 'FROM {{{ imagebuilder:parentImage }}}\n{{{ imagebuilder:environments }}}\n{{{ imagebuilder:components }}}\n';

/** The build fleet most pipelines of a region share; fleet pipelines (EMULATOR_FLEET) use it too. */
export function standardFleet(place: Place): SeededResource {
  return seeded(INFRASTRUCTURE_CONFIGURATION, place, {
    Name: STANDARD_FLEET,
    Description: 'General-purpose build instances in the private build subnets.',
    InstanceTypes: ['m6i.large', 'm5.large'],
    InstanceProfileName: 'EC2InstanceProfileForImageBuilder',
    SecurityGroupIds: ['sg-0a1b2c3d4e5f60001'],
    SubnetId: 'subnet-0a1b2c3d4e5f60001',
    Logging: { S3Logs: { S3BucketName: `image-builder-logs-${place.account}-${place.region}`, S3KeyPrefix: 'standard' } },
    InstanceMetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
    TerminateInstanceOnFailure: true,
    ResourceTags: { 'built-by': 'image-builder' },
    Tags: { team: 'platform' },
  });
}

function windowsFleet(place: Place): SeededResource {
  return seeded(INFRASTRUCTURE_CONFIGURATION, place, {
    Name: 'windows-build-fleet',
    Description: 'Larger instances for Windows builds, kept on failure for debugging.',
    InstanceTypes: ['m6i.xlarge'],
    InstanceProfileName: 'EC2InstanceProfileForImageBuilderWindows',
    TerminateInstanceOnFailure: false,
    KeyPair: 'windows-build-debug',
    Tags: { team: 'windows-platform' },
  });
}

function containerFleet(place: Place): SeededResource {
  return seeded(INFRASTRUCTURE_CONFIGURATION, place, {
    Name: 'container-build-fleet',
    Description: 'Container builds: two metadata hops, as Docker inside the instance needs.',
    InstanceTypes: ['c6i.large'],
    InstanceProfileName: 'EC2InstanceProfileForImageBuilderECRContainerBuilds',
    InstanceMetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
    SnsTopicArn: `arn:aws:sns:${place.region}:${place.account}:image-builder-container-events`,
    TerminateInstanceOnFailure: true,
    Tags: { team: 'platform', workload: 'containers' },
  });
}

function usEast(account: string): SeededResource[] {
  const place = { account, region: 'us-east-1' };
  const region = place.region;
  return [
    imageRecipeResource(place, 'al2023-golden', '3.2.0', {
      Description: "Amazon Linux 2023 with the platform team's baseline: patches and the CloudWatch agent.",
      ParentImage: managedImage(region, 'amazon-linux-2023-x86'),
      Components: [
        { ComponentArn: managedComponent(region, 'update-linux') },
        { ComponentArn: managedComponent(region, 'amazon-cloudwatch-agent-linux') },
      ],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'gp3', Encrypted: true, DeleteOnTermination: true } }],
      WorkingDirectory: '/tmp',
      AdditionalInstanceConfiguration: { SystemsManagerAgent: { UninstallAfterBuild: false } },
      AmiTags: { os: 'al2023' },
      Tags: { team: 'platform' },
    }),
    imageRecipeResource(place, 'ubuntu-2204-cis', '2.4.1', {
      Description: 'Ubuntu 22.04 with the CIS Level 1 benchmark applied.',
      ParentImage: managedImage(region, 'ubuntu-server-22-lts-x86'),
      Components: [
        { ComponentArn: managedComponent(region, 'update-linux') },
        { ComponentArn: managedComponent(region, 'stig-build-linux-medium'), Parameters: [{ Name: 'InstallPackages', Value: ['No'] }] },
      ],
      Tags: { team: 'security' },
    }),
    imageRecipeResource(place, 'windows-2022-base', '1.7.0', {
      ParentImage: managedImage(region, 'windows-server-2022-english-full-base-x86'),
      Components: [{ ComponentArn: managedComponent(region, 'update-windows') }],
      BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { VolumeSize: 60, VolumeType: 'gp3' } }],
      Tags: { team: 'windows-platform' },
    }),
    imageRecipeResource(place, 'eks-node-al2023', '1.30.0', {
      Description: 'EKS worker node for Kubernetes 1.30.',
      ParentImage: managedImage(region, 'amazon-linux-2023-x86'),
      Components: [{ ComponentArn: managedComponent(region, 'update-linux') }],
      Tags: { team: 'kubernetes' },
    }),
    imageRecipeResource(place, 'gpu-dl-base', '0.9.3', {
      ParentImage: 'ami-0abcdef1234567890',
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 200, VolumeType: 'gp3', Iops: 6000, Throughput: 500 } }],
      Tags: { team: 'ml-platform' },
    }),
    imageRecipeResource(place, 'bastion-minimal', '1.0.2', {
      ParentImage: managedImage(region, 'amazon-linux-2023-x86'),
      AmiWatermarks: ['bastion-lineage'],
    }),
    containerRecipeResource(place, 'nginx-edge', '1.25.4', {
      Description: 'nginx for the edge proxy tier.',
      ParentImage: 'public.ecr.aws/nginx/nginx:1.25',
      TargetRepository: { Service: 'ECR', RepositoryName: 'edge/nginx' },
      DockerfileTemplateData: DOCKERFILE,
      PlatformOverride: 'Linux',
      Components: [{ ComponentArn: managedComponent(region, 'update-linux') }],
      InstanceConfiguration: { BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 40, VolumeType: 'gp3' } }] },
      WorkingDirectory: '/tmp',
      Tags: { team: 'edge' },
    }),
    containerRecipeResource(place, 'python-runtime', '3.12.2', {
      ParentImage: 'public.ecr.aws/docker/library/python:3.12-slim',
      TargetRepository: { Service: 'ECR', RepositoryName: 'developer-experience/python-runtime' },
      DockerfileTemplateUri: 's3://dx-container-templates/python-runtime/Dockerfile',
      Tags: { team: 'developer-experience' },
    }),
    standardFleet(place),
    windowsFleet(place),
    containerFleet(place),
    seeded(INFRASTRUCTURE_CONFIGURATION, place, {
      Name: 'gpu-build-fleet',
      InstanceTypes: ['g5.xlarge'],
      InstanceProfileName: 'EC2InstanceProfileForImageBuilder',
      Placement: { AvailabilityZone: 'us-east-1a', Tenancy: 'default' },
      TerminateInstanceOnFailure: true,
      Tags: { team: 'ml-platform' },
    }),
    seeded(DISTRIBUTION_CONFIGURATION, place, {
      Name: 'org-wide-ami-sharing',
      Description: 'Golden AMIs, shared with the whole organization in two regions.',
      Distributions: ['us-east-1', 'us-west-2'].map((target) => ({
        Region: target,
        AmiDistributionConfiguration: {
          Name: 'golden-{{ imagebuilder:buildDate }}',
          AmiTags: { golden: 'true' },
          LaunchPermissionConfiguration: { OrganizationArns: [`arn:aws:organizations::${account}:organization/o-a1b2c3d4e5`] },
        },
      })),
      Tags: { team: 'platform' },
    }),
    seeded(DISTRIBUTION_CONFIGURATION, place, {
      Name: 'security-ami-sharing',
      Distributions: [
        {
          Region: region,
          AmiDistributionConfiguration: { Name: 'cis-{{ imagebuilder:buildDate }}', TargetAccountIds: ['111122223333'] },
          SsmParameterConfigurations: [{ ParameterName: '/images/ubuntu-cis/latest', DataType: 'aws:ec2:image' }],
        },
      ],
      Tags: { team: 'security' },
    }),
    seeded(DISTRIBUTION_CONFIGURATION, place, {
      Name: 'ecr-prod-replication',
      Distributions: [
        {
          Region: 'us-west-2',
          ContainerDistributionConfiguration: { ContainerTags: ['latest', 'edge'], TargetRepository: { Service: 'ECR', RepositoryName: 'edge/nginx' } },
        },
      ],
    }),
    seeded(DISTRIBUTION_CONFIGURATION, place, {
      Name: 'eks-fleet-regions',
      Distributions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'].map((target) => ({
        Region: target,
        AmiDistributionConfiguration: { Name: 'eks-node-{{ imagebuilder:buildDate }}' },
        LaunchTemplateConfigurations: [{ LaunchTemplateId: 'lt-0a1b2c3d4e5f60001', SetDefaultVersion: true }],
      })),
    }),
    seeded(WORKFLOW, place, {
      Name: 'cis-hardening-build',
      Version: '1.2.0',
      Type: 'BUILD',
      Description: 'Build with the CIS hardening steps, parameterised by level.',
      Data: 'name: cis-hardening-build\nschemaVersion: 1.0\nparameters:\n  - name: cisLevel\n    type: string\n  - name: excludedControls\n    type: stringList\nsteps: []\n',
      Tags: { team: 'security' },
    }),
    seeded(
      WORKFLOW,
      place,
      {
        Name: 'inspector-gate',
        Version: '1.0.0',
        Type: 'TEST',
        Description: 'Fails the image when Inspector finds a critical vulnerability.',
        ChangeDescription: 'Second build: the gate waits for the scan to finish.',
        Uri: 's3://security-workflows/inspector-gate.yaml',
      },
      { build: 2 },
    ),
  ];
}

function euWest(account: string): SeededResource[] {
  const place = { account, region: 'eu-west-1' };
  const region = place.region;
  return [
    imageRecipeResource(place, 'al2023-golden', '3.2.0', {
      Description: 'The golden Amazon Linux 2023 recipe, built in the EU.',
      ParentImage: managedImage(region, 'amazon-linux-2023-x86'),
      Components: [{ ComponentArn: managedComponent(region, 'update-linux') }],
      Tags: { team: 'platform' },
    }),
    imageRecipeResource(place, 'rhel9-stig', '1.3.0', {
      ParentImage: managedImage(region, 'red-hat-enterprise-linux-9-x86'),
      Components: [{ ComponentArn: managedComponent(region, 'stig-build-linux-high') }],
      Tags: { team: 'security' },
    }),
    imageRecipeResource(place, 'windows-2019-legacy', '4.0.1', {
      ParentImage: managedImage(region, 'windows-server-2019-english-full-base-x86'),
      Tags: { team: 'windows-platform' },
    }),
    containerRecipeResource(place, 'java-service', '21.0.3', {
      ParentImage: 'public.ecr.aws/amazoncorretto/amazoncorretto:21',
      TargetRepository: { Service: 'ECR', RepositoryName: 'payments/java-service' },
      DockerfileTemplateData: DOCKERFILE,
      Tags: { team: 'payments' },
    }),
    standardFleet(place),
    containerFleet(place),
    windowsFleet(place),
    seeded(DISTRIBUTION_CONFIGURATION, place, {
      Name: 'eu-ami-sharing',
      Description: 'EU images stay in EU regions.',
      Distributions: ['eu-west-1', 'eu-central-1'].map((target) => ({ Region: target, AmiDistributionConfiguration: { Name: 'eu-golden-{{ imagebuilder:buildDate }}' } })),
      Tags: { 'data-residency': 'eu' },
    }),
  ];
}

function apSoutheast(account: string): SeededResource[] {
  const place = { account, region: 'ap-southeast-2' };
  return [
    imageRecipeResource(place, 'analytics-worker', '2.0.0', {
      ParentImage: managedImage(place.region, 'amazon-linux-2023-x86'),
      Components: [{ ComponentArn: managedComponent(place.region, 'update-linux') }],
      Tags: { team: 'data' },
    }),
    standardFleet(place),
  ];
}

/** Everything the demo pipelines of the account point at, in all three regions. */
export function demoResources(account: string): SeededResource[] {
  return [...usEast(account), ...euWest(account), ...apSoutheast(account)];
}
