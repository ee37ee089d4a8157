import type { Image as SdkImage, ImagePipeline as SdkPipeline, ImageSummary as SdkImageSummary, Workflow as SdkWorkflow } from '@aws-sdk/client-imagebuilder';

/**
 * What the gateway takes from Image Builder's own API, in its terms. Image Builder answers its
 * dates as strings; they become Dates here (null when absent or not a date).
 */
export interface PipelineHealth {
  arn: string;
  name: string;
  status: string | null;
  platform: string | null;
  lastRunStatus: string | null;
  consecutiveFailures: number | null;
  nextRunAt: Date | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

export interface ImageOutputs {
  amis: { region: string | null; image: string | null; name: string | null; accountId: string | null }[];
  containers: { region: string | null; imageUris: string[] }[];
}

export interface ImageSummary {
  arn: string;
  name: string | null;
  version: string | null;
  type: string | null;
  platform: string | null;
  osVersion: string | null;
  buildType: string | null;
  imageSource: string | null;
  state: { status: string | null; reason: string | null };
  createdAt: Date | null;
  outputResources: ImageOutputs;
  /** Set when the image was read with GetImage, which names it; list pages leave it out. */
  pipelineArn?: string | null;
}

export interface WorkflowDetails {
  arn: string;
  name: string | null;
  version: string | null;
  type: string | null;
  description: string | null;
  changeDescription: string | null;
  owner: string | null;
  data: string | null;
}

export function dateOf(value: string | Date | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function healthOf(pipeline: SdkPipeline): PipelineHealth {
  return {
    arn: pipeline.arn ?? '',
    name: pipeline.name ?? '',
    status: pipeline.status ?? null,
    platform: pipeline.platform ?? null,
    lastRunStatus: pipeline.lastRunStatus ?? null,
    consecutiveFailures: pipeline.consecutiveFailures ?? null,
    nextRunAt: dateOf(pipeline.dateNextRun),
    createdAt: dateOf(pipeline.dateCreated),
    updatedAt: dateOf(pipeline.dateUpdated),
  };
}

export function imageOf(image: SdkImageSummary | SdkImage): ImageSummary {
  return {
    arn: image.arn ?? '',
    name: image.name ?? null,
    version: image.version ?? null,
    type: image.type ?? null,
    platform: image.platform ?? null,
    osVersion: image.osVersion ?? null,
    buildType: image.buildType ?? null,
    imageSource: image.imageSource ?? null,
    state: { status: image.state?.status ?? null, reason: image.state?.reason ?? null },
    createdAt: dateOf(image.dateCreated),
    outputResources: {
      amis: (image.outputResources?.amis ?? []).map((ami) => ({
        region: ami.region ?? null,
        image: ami.image ?? null,
        name: ami.name ?? null,
        accountId: ami.accountId ?? null,
      })),
      containers: (image.outputResources?.containers ?? []).map((container) => ({ region: container.region ?? null, imageUris: container.imageUris ?? [] })),
    },
    ...('sourcePipelineArn' in image ? { pipelineArn: image.sourcePipelineArn ?? null } : {}),
  };
}

export function workflowOf(workflow: SdkWorkflow): WorkflowDetails {
  return {
    arn: workflow.arn ?? '',
    name: workflow.name ?? null,
    version: workflow.version ?? null,
    type: workflow.type ?? null,
    description: workflow.description ?? null,
    changeDescription: workflow.changeDescription ?? null,
    owner: workflow.owner ?? null,
    data: workflow.data ?? null,
  };
}
