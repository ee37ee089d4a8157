import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import type { ResourceKey } from '../loaders';
import { type PipelineArn, parsePipelineArn } from '../resource/arn';
import { IMAGE_PIPELINE_TYPE, type ResourceModel } from '../resource/image-pipeline-type';

/**
 * What the schema holds for a pipeline: its identity only. The model is read through the
 * request's loader when a field needs it, so a list that selects only `arn` or `id` costs no
 * GetResource at all.
 */
export class PipelineRef {
  readonly arn: string;
  readonly accountId: string;

  constructor(
    parsed: PipelineArn,
    readonly region: string,
  ) {
    this.arn = parsed.arn;
    this.accountId = parsed.accountId;
  }

  static fromArn(arn: string, region?: string): PipelineRef {
    const parsed = parsePipelineArn(arn);
    return new PipelineRef(parsed, region ?? parsed.region);
  }

  get key(): ResourceKey {
    return pipelineKey(this.region, this.arn);
  }
}

export function pipelineKey(region: string, arn: string): ResourceKey {
  return { region, typeName: IMAGE_PIPELINE_TYPE, identifier: arn };
}

/** The pipeline's model; a pipeline that vanished since it was listed is the field's error. */
export async function modelOf(ref: PipelineRef, context: GatewayContext): Promise<ResourceModel> {
  const model = await context.loaders.resources.load(ref.key);
  if (!model) throw new GatewayError('NOT_FOUND', `Image pipeline ${ref.arn} no longer exists in ${ref.region}.`);
  return model;
}
