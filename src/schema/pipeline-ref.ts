import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import type { ResourceKey } from '../loaders';
import type { PipelineArn } from '../resource/arn';
import { IMAGE_PIPELINE_TYPE, type ResourceModel } from '../resource/image-pipeline-type';

/**
 * What the schema holds for a pipeline: its identity only. The model is read through the
 * request's loader when a field needs it, so a list that selects only `arn` or `id` costs no
 * GetResource at all.
 */
export class PipelineRef {
  readonly arn: string;
  readonly accountId: string;
  /**
   * The model once this request has read it, so the pipeline's other fields resolve at once
   * instead of each awaiting the loader again (a ref lives for one request, like its loader).
   */
  model: ResourceModel | undefined;

  constructor(
    parsed: PipelineArn,
    readonly region: string,
  ) {
    this.arn = parsed.arn;
    this.accountId = parsed.accountId;
  }

  /**
   * For identifiers Cloud Control itself returned: trusted as they are, so an ARN form the
   * gateway's input rules would refuse still lists instead of failing the page.
   */
  static fromListed(identifier: string, region: string): PipelineRef {
    const accountId = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):/.exec(identifier)?.[1] ?? '';
    return new PipelineRef({ arn: identifier, partition: '', region, accountId, name: '' }, region);
  }

  get key(): ResourceKey {
    return pipelineKey(this.region, this.arn);
  }
}

/** A pipeline's Relay global id, as its `id` field gives it, for fields that name a pipeline without resolving it. */
export function pipelineGlobalID(arn: string | null): { type: 'ImagePipeline'; id: string } | null {
  return arn ? { type: 'ImagePipeline', id: arn } : null;
}

export function pipelineKey(region: string, arn: string): ResourceKey {
  return { region, typeName: IMAGE_PIPELINE_TYPE, identifier: arn };
}

/** The pipeline's model; a pipeline that vanished since it was listed is the field's error. */
export async function modelOf(ref: PipelineRef, context: GatewayContext): Promise<ResourceModel> {
  const model = ref.model ?? (await context.loaders.resources.load(ref.key));
  if (!model) throw new GatewayError('NOT_FOUND', `Image pipeline ${ref.arn} no longer exists in ${ref.region}.`);
  ref.model = model;
  return model;
}
