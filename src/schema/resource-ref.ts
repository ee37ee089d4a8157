import type { GatewayContext } from '../context';
import { GatewayError } from '../errors';
import type { ResourceKey } from '../loaders';
import { arnParts } from '../resources/arn';
import type { ResourceModel } from '../resources/registry-schema';
import type { ResourceType } from '../resources/resource-type';

/**
 * What the schema holds for a Cloud Control resource: its identity only. The model is read
 * through the request's loader when a field needs it, so a list that selects only `arn` or `id`
 * costs no GetResource at all.
 */
export class ResourceRef {
  /**
   * The model once this request has read it, so the resource's other fields resolve at once
   * instead of each awaiting the loader again (a ref lives for one request, like its loader).
   */
  model: ResourceModel | undefined;

  constructor(
    readonly type: ResourceType,
    readonly arn: string,
    readonly region: string,
    readonly accountId: string,
  ) {}

  /**
   * For ARNs Cloud Control itself returned (a listed identifier, a pipeline's recipe): trusted as
   * they are, so an ARN form the gateway's input rules would refuse still reads.
   */
  static fromTrusted(type: ResourceType, arn: string, region = arnParts(arn).region): ResourceRef {
    return new ResourceRef(type, arn, region, arnParts(arn).accountId);
  }

  get key(): ResourceKey {
    return resourceKey(this.type, this.region, this.arn);
  }
}

/** A resource is read as the account its ARN names, in the region given (the ARN's, checked). */
export function resourceKey(type: ResourceType, region: string, arn: string): ResourceKey {
  return { accountId: arnParts(arn).accountId, region, typeName: type.typeName, identifier: arn };
}

/** The resource's model; one that vanished since it was listed or named is the field's error. */
export async function modelOf(ref: ResourceRef, context: GatewayContext): Promise<ResourceModel> {
  const model = ref.model ?? (await context.loaders.resources.load(ref.key));
  if (!model) throw new GatewayError('NOT_FOUND', `The ${ref.type.noun} ${ref.arn} no longer exists in ${ref.region}.`);
  ref.model = model;
  return model;
}

/** The model at once when this request has it, else the read: a warm field waits for nothing. */
export function modelNowOrLater(ref: ResourceRef, context: GatewayContext): ResourceModel | Promise<ResourceModel> {
  return ref.model ?? modelOf(ref, context);
}
