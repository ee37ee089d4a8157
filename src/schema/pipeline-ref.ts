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

export function pipelineKey(region: string, arn: string): ResourceKey {
  return resourceKey(IMAGE_PIPELINE, region, arn);
}
