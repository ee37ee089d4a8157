import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { regionForArn } from '../resources/arn';
import type { ResourceModel } from '../resources/registry-schema';
import type { ResourceType } from '../resources/resource-type';
import { awsOwnedModel, isAwsOwned } from './aws-owned';
import { assertAllowedRegion, parseCallerArn } from './regions';
import { declareNestedTypes, resourceFields } from './resource-fields';
import { modelNowOrLater, ResourceRef } from './resource-ref';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Fields = PothosSchemaTypes.ObjectFieldBuilder<Types, ResourceRef>;

/**
 * A resource by a caller's ARN; null when it does not exist. Bad input never reaches Cloud
 * Control. Shared by the query fields and the Relay `node`/`nodes` fields.
 */
export function loadResource(context: GatewayContext, type: ResourceType, arn: string, region?: string | null): MaybeRef | Promise<MaybeRef> {
  let ref: ResourceRef;
  try {
    const parsed = parseCallerArn(context, arn, type);
    ref = new ResourceRef(type, parsed.arn, assertAllowedRegion(context, regionForArn(parsed, region, type.noun)), parsed.accountId);
  } catch (error) {
    // A rejection, as ever: `loadMany` maps many ARNs, and one bad ARN fails only its own node.
    return Promise.reject(error);
  }
  return read(context, ref);
}

/** A resource named by an ARN inside a model Cloud Control returned (a pipeline's recipe); null when it no longer exists. */
export function loadRelated(context: GatewayContext, type: ResourceType, arn: string): MaybeRef | Promise<MaybeRef> {
  return read(context, ResourceRef.fromTrusted(type, arn));
}

type MaybeRef = ResourceRef | null;

/**
 * A model the request or the read cache already has is used at once, not through a promise: a
 * query the cache answers then runs synchronously (graphql-jit and yoga take no promise step for
 * it): 19 of the 38 promises a warm single-pipeline request made.
 */
function read(context: GatewayContext, ref: ResourceRef): MaybeRef | Promise<MaybeRef> {
  if (isAwsOwned(ref)) return awsOwnedModel(context, ref).then((owned) => settle(ref, owned));
  const { resources } = context.loaders;
  const known = resources.loadNow(ref.key);
  return known === undefined ? resources.load(ref.key).then((model) => settle(ref, model)) : settle(ref, known);
}

function settle(ref: ResourceRef, model: ResourceModel | null): MaybeRef {
  ref.model = model ?? undefined;
  return ref.model ? ref : null;
}

/**
 * The GraphQL Node type of a resource type: its identity (id, arn, region, account), its
 * declared properties as typed fields (resource-fields.ts), the raw model, and whatever the
 * type adds (`extra`, e.g. the pipeline's related resources).
 */
export function resourceNode(type: ResourceType, extra: (t: Fields) => Record<string, unknown> = () => ({})) {
  declareNestedTypes(type);
  return builder.node(builder.objectRef<ResourceRef>(type.name), {
    description: type.description,
    isTypeOf: (value) => value instanceof ResourceRef && value.type === type,
    id: { resolve: (ref) => ref.arn },
    loadMany: (arns, context) => arns.map((arn) => loadResource(context, type, arn)),
    fields: (t) => ({
      arn: t.exposeString('arn', { description: type.schema.describe(['Arn']) }),
      region: t.exposeString('region', { description: `The AWS region the ${type.noun} lives in (from its ARN).` }),
      accountId: t.exposeString('accountId', { description: `The AWS account that owns the ${type.noun} (from its ARN; aws for what AWS owns).` }),
      ...(resourceFields(t, type.schema, [], type.fields, modelNowOrLater) as Record<string, never>),
      properties: t.field({
        type: 'JSONObject',
        description: 'The raw CloudFormation resource model as Cloud Control returned it (PascalCase property names).',
        resolve: (ref, _args, context) => modelNowOrLater(ref, context) as ResourceModel | Promise<ResourceModel>,
      }),
      ...(extra(t) as Record<string, never>),
    }),
  });
}
