/**
 * The AWS-managed workflows the demo pipelines name (account `aws`, version `x.x.x`): Image
 * Builder's own, in every region, owned by `Amazon`. Their documents here are the emulator's
 * plausible stand-ins, in the workflow document syntax (schemaVersion 1.0, steps of actions),
 * not AWS's text.
 */
export interface ManagedWorkflow {
  type: 'BUILD' | 'TEST' | 'DISTRIBUTION';
  name: string;
  /** The current build version, `major.minor.patch/build`. */
  buildVersion: string;
  description: string;
  data: string;
  dateCreated: string;
}

export const MANAGED_WORKFLOWS: readonly ManagedWorkflow[] = [
  {
    type: 'BUILD',
    name: 'build-image',
    buildVersion: '1.0.2/1',
    description: 'Builds an image: launches a build instance, runs the recipe components on it, and creates the output image from it.',
    dateCreated: '2023-11-28T00:00:00.000Z',
    data: `name: build-image
description: Builds an image from the recipe's parent image and build components.
schemaVersion: 1.0

steps:
  - name: LaunchBuildInstance
    action: LaunchInstance
    onFailure: Abort
    inputs:
      waitFor: "ssmAgent"

  - name: ApplyBuildComponents
    action: ExecuteComponents
    onFailure: Abort
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"

  - name: InventoryCollection
    action: CollectImageMetadata
    onFailure: Abort
    if:
      booleanEquals: true
      value: "$.imagebuilder.collectImageMetadata"
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"

  - name: CreateOutputAMI
    action: CreateImage
    onFailure: Abort
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"

  - name: TerminateBuildInstance
    action: TerminateInstance
    onFailure: Continue
    inputs:
      instanceId.$: "$.stepOutputs.LaunchBuildInstance.instanceId"

outputs:
  - name: "ImageId"
    value: "$.stepOutputs.CreateOutputAMI.imageId"
`,
  },
  {
    type: 'TEST',
    name: 'test-image',
    buildVersion: '1.0.1/1',
    description: 'Tests an image: launches a test instance from the new image and runs the recipe test components on it.',
    dateCreated: '2023-11-28T00:00:00.000Z',
    data: `name: test-image
description: Runs the recipe's test components on an instance launched from the new image.
schemaVersion: 1.0

steps:
  - name: LaunchTestInstance
    action: LaunchInstance
    onFailure: Abort
    inputs:
      waitFor: "ssmAgent"

  - name: RunTestComponents
    action: ExecuteComponents
    onFailure: Abort
    inputs:
      instanceId.$: "$.stepOutputs.LaunchTestInstance.instanceId"

  - name: TerminateTestInstance
    action: TerminateInstance
    onFailure: Continue
    inputs:
      instanceId.$: "$.stepOutputs.LaunchTestInstance.instanceId"
`,
  },
  {
    type: 'DISTRIBUTION',
    name: 'distribute-image',
    buildVersion: '1.0.0/1',
    description: 'Distributes an image to the regions and accounts of its distribution configuration.',
    dateCreated: '2024-11-18T00:00:00.000Z',
    data: `name: distribute-image
description: Copies the image to each region and account the distribution configuration names.
schemaVersion: 1.0

steps:
  - name: DistributeImage
    action: DistributeImage
    onFailure: Abort
    inputs:
      distributions.$: "$.imagebuilder.distributions"
`,
  },
];
