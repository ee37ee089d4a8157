import { builder } from '../builder';
import { FINAL_STATUSES, isFinal, type ResourceRequestState } from '../cloudcontrol/progress';
import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { assertRegion } from '../resource/arn';
import { IMAGE_PIPELINE_TYPE } from '../resource/image-pipeline-type';
import { ImagePipeline } from './image-pipeline';
import { listConnection } from './list-connection';
import { pageSize } from './page-size';
import { PipelineRef } from './pipeline-ref';
import { assertAllowedRegion, resolveRegion } from './regions';

export const ResourceOperation = builder.enumType('ResourceOperation', {
  description: 'The kind of write a resource request performs.',
  values: ['CREATE', 'UPDATE', 'DELETE'] as const,
});

export const ResourceRequestStatus = builder.enumType('ResourceRequestStatus', {
  description: `Where an asynchronous write stands. ${FINAL_STATUSES.join(', ')} are final.`,
  values: ['PENDING', 'IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCEL_IN_PROGRESS', 'CANCEL_COMPLETE'] as const,
});

/**
 * A request's node id holds its region and request token (requests are regional), as
 * `region/token`: regions have no `/`, so the first one splits them even though tokens may hold one.
 */
const requestNodeId = (request: { region: string; requestToken: string }) => `${request.region}/${request.requestToken}`;

function parseRequestNodeId(id: string): { region: string; requestToken: string } {
  const separator = id.indexOf('/');
  return { region: assertRegion(id.slice(0, separator), 'id'), requestToken: assertRequestToken(id.slice(separator + 1)) };
}

export const ResourceRequest = builder.node(builder.objectRef<ResourceRequestState>('ResourceRequest'), {
  description: 'An asynchronous Cloud Control write (its ProgressEvent). Follow it with the resourceRequest subscription or query.',
  id: { resolve: requestNodeId, description: 'The request\'s global id (from its region and request token), for node(id:) and client caches.' },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'requestToken' in value,
  loadOne: (id, context) => {
    const { region, requestToken } = parseRequestNodeId(id);
    return readRequest(context, assertAllowedRegion(context, region), requestToken);
  },
  fields: (t) => ({
    requestToken: t.exposeString('requestToken'),
    region: t.exposeString('region'),
    typeName: t.exposeString('typeName'),
    operation: t.field({ type: ResourceOperation, resolve: (request) => request.operation }),
    status: t.field({ type: ResourceRequestStatus, resolve: (request) => request.status }),
    isFinal: t.boolean({ description: 'Whether the status can no longer change.', resolve: (request) => isFinal(request) }),
    statusMessage: t.exposeString('statusMessage', { nullable: true }),
    errorCode: t.exposeString('errorCode', { nullable: true, description: 'Set when FAILED: NotFound, AlreadyExists, InvalidRequest, Throttling…' }),
    eventTime: t.field({ type: 'DateTime', nullable: true, description: 'When the request was made.', resolve: (request) => request.eventTime }),
    retryAfter: t.field({ type: 'DateTime', nullable: true, description: 'When to ask again, while it is in progress.', resolve: (request) => request.retryAfter }),
    identifier: t.exposeString('identifier', { nullable: true, description: 'The primary identifier (the pipeline ARN), once known.' }),
    resourceModel: t.field({
      type: 'JSONObject',
      nullable: true,
      description: 'The model the request carries: the desired state while in progress, the result after a successful create or update.',
      resolve: (request) => request.resourceModel,
    }),
    imagePipeline: t.field({
      type: ImagePipeline,
      nullable: true,
      description: 'The pipeline as it is now, when this request is about one that exists.',
      resolve: async (request, _args, context) => {
        if (request.typeName !== IMAGE_PIPELINE_TYPE || !request.identifier) return null;
        const ref = PipelineRef.fromListed(request.identifier, request.region);
        return (await context.loaders.resources.load(ref.key)) ? ref : null;
      },
    }),
  }),
});

const REQUEST_TOKEN = /^[-A-Za-z0-9+/=]{1,128}$/;

/** One status read, counted against the request's budget; null when the token is unknown in the region. */
function readRequest(context: GatewayContext, region: string, requestToken: string): Promise<ResourceRequestState | null> {
  context.budget.spend('GetResourceRequestStatus', region);
  return context.cloudControl.getRequestStatus(region, requestToken);
}

export function assertRequestToken(requestToken: string): string {
  if (!REQUEST_TOKEN.test(requestToken)) {
    throw badInput('requestToken is not a Cloud Control request token (1–128 characters of letters, digits, -, +, / and =).', {
      argument: 'requestToken',
    });
  }
  return requestToken;
}

builder.queryField('resourceRequest', (t) =>
  t.field({
    type: ResourceRequest,
    nullable: true,
    description: 'The state of an asynchronous write (GetResourceRequestStatus); null when the token is unknown in the region.',
    args: {
      requestToken: t.arg.string({ required: true }),
      region: t.arg.string({ required: true, description: 'Requests are regional: the region the write was made in.' }),
    },
    resolve: (_root, args, context) => readRequest(context, resolveRegion(context, args.region), assertRequestToken(args.requestToken)),
  }),
);

const ResourceRequestFilter = builder.inputType('ResourceRequestFilter', {
  description: 'Which requests to list; an empty list means any.',
  fields: (t) => ({
    operations: t.field({ type: [ResourceOperation], required: false }),
    statuses: t.field({ type: [ResourceRequestStatus], required: false }),
  }),
});

export const ResourceRequestConnection = builder.connectionObject(
  { type: ResourceRequest, name: 'ResourceRequestConnection', description: 'Recent resource requests of one region, newest first.' },
  { name: 'ResourceRequestEdge' },
);

builder.queryField('resourceRequests', (t) =>
  t.field({
    type: ResourceRequestConnection,
    description:
      'Recent asynchronous writes of a region (ListResourceRequests; Cloud Control keeps them for 7 days), newest first, of every resource type.',
    args: {
      region: t.arg.string({ description: "The region; defaults to the gateway's default region." }),
      filter: t.arg({ type: ResourceRequestFilter }),
      first: t.arg.int({ description: 'How many requests to return: 0 to MAX_PAGE_SIZE; 20 when omitted.' }),
      after: t.arg.string(),
    },
    resolve: (_root, args, context) => {
      const region = resolveRegion(context, args.region);
      const filter = { operations: args.filter?.operations ?? undefined, statuses: args.filter?.statuses ?? undefined };
      return listConnection(context, {
        // A cursor is only good for the same filter: the service token encodes it.
        kind: `requests:${JSON.stringify(filter)}`,
        region,
        first: pageSize(context, args.first),
        after: args.after,
        fetchPage: (token) => {
          context.budget.spend('ListResourceRequests', region);
          return context.cloudControl.listRequests(region, filter, token, 100);
        },
        toNode: (request) => request,
      });
    },
  }),
);
