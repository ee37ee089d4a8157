import type { ResourceKey } from '../loaders';
import type { ResourceArn } from '../resources/arn';
import { IMAGE_PIPELINE } from '../resources/registry';
import { ResourceRef, resourceKey } from './resource-ref';

/** A pipeline's ref: a ResourceRef of the pipeline type (the only one the gateway writes). */
export class PipelineRef extends ResourceRef {
  constructor(parsed: ResourceArn, region: string) {
    super(IMAGE_PIPELINE, parsed.arn, region, parsed.accountId);
  }

  static fromListed(identifier: string, region: string): ResourceRef {
    return ResourceRef.fromTrusted(IMAGE_PIPELINE, identifier, region);
  }
}

/** A pipeline's Relay global id, as its `id` field gives it, for fields that name a pipeline without resolving it. */
export function pipelineGlobalID(arn: string | null): { type: 'ImagePipeline'; id: string } | null {
  return arn ? { type: 'ImagePipeline', id: arn } : null;
}

export function pipelineKey(region: string, arn: string): ResourceKey {
  return resourceKey(IMAGE_PIPELINE, region, arn);
}
