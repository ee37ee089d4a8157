import { builder } from '../builder';
import { MAX_REQUESTS_PER_PAGE, TOKEN_PATTERN, TOKEN_RULE } from '../upstream/cloudcontrol/model-limits';
import { FINAL_STATUSES, isFinal, type ResourceRequestState } from '../upstream/cloudcontrol/progress';
import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import { assertRegion } from '../resources/arn';
import { IMAGE_PIPELINE } from '../resources/registry';
import { ImagePipeline } from './image-pipeline';
import { listConnection } from './list-connection';
import { FIRST_DESCRIPTION, pageSize } from './page-size';
import { PipelineRef } from './pipeline-ref';
import { assertAllowedRegion } from './regions';
import { accountFor, whereFor } from './where';
import type { Where } from '../upstream/where';

export const ResourceOperation = builder.enumType('ResourceOperation', {
  description: 'The kind of write a resource request performs.',
  values: {
    CREATE: { description: 'CreateResource: the resource is being created.' },
    UPDATE: { description: 'UpdateResource: a patch is being applied to the resource.' },
    DELETE: { description: 'DeleteResource: the resource is being deleted.' },
  } as const,
});

export const ResourceRequestStatus = builder.enumType('ResourceRequestStatus', {
  description: `Where an asynchronous write stands. ${FINAL_STATUSES.join(', ')} are final.`,
  values: {
    PENDING: { description: 'Accepted and waiting to start.' },
    IN_PROGRESS: { description: 'The resource handler is working on it.' },
    SUCCESS: { description: 'Final: the write was applied.' },
    FAILED: { description: 'Final: the handler failed it; errorCode and statusMessage say why.' },
    CANCEL_IN_PROGRESS: { description: 'A cancel was asked for and is being carried out.' },
    CANCEL_COMPLETE: { description: 'Final: cancelled before it finished.' },
  } as const,
});

/**
 * A request's node id holds its account, region and request token (requests belong to an account
 * and a region), as `account/region/token`: neither has a `/`, so the first two split them even
 * though tokens may hold one.
 */
const requestNodeId = (request: Where & { requestToken: string }) => `${request.accountId}/${request.region}/${request.requestToken}`;

function parseRequestNodeId(id: string): Where & { requestToken: string } {
  const [accountId = '', region = ''] = id.split('/', 2);
  const requestToken = id.slice(accountId.length + region.length + 2);
  if (!/^\d{12}$/.test(accountId)) throw badInput('id is not a resource request id of this API.', { argument: 'id' });
  return { accountId, region: assertRegion(region, 'id'), requestToken: assertRequestToken(requestToken) };
}

export const ResourceRequest = builder.node(builder.objectRef<ResourceRequestState>('ResourceRequest'), {
  description: 'An asynchronous Cloud Control write (its ProgressEvent). Follow it with the resourceRequest subscription or query.',
  id: { resolve: requestNodeId, description: 'The request\'s global id (from its region and request token), for node(id:) and client caches.' },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'requestToken' in value,
  loadOne: async (id, context) => {
    const { accountId, region, requestToken } = parseRequestNodeId(id);
    return readRequest(context, { accountId: await accountFor(context, accountId), region: assertAllowedRegion(context, region) }, requestToken);
  },
  fields: (t) => ({
    requestToken: t.exposeString('requestToken', { description: 'The token Cloud Control gave the request; follow it with resourceRequest(requestToken, region).' }),
    region: t.exposeString('region', { description: 'The region the write was made in (requests are regional).' }),
    accountId: t.exposeString('accountId', { description: 'The account the write was made in.' }),
    typeName: t.exposeString('typeName', { description: 'The CloudFormation resource type written, such as AWS::ImageBuilder::ImagePipeline.' }),
    operation: t.field({ type: ResourceOperation, description: 'The kind of write.', resolve: (request) => request.operation }),
    status: t.field({ type: ResourceRequestStatus, description: 'Where the write stands now.', resolve: (request) => request.status }),
    isFinal: t.boolean({ description: 'Whether the status can no longer change.', resolve: (request) => isFinal(request) }),
    statusMessage: t.exposeString('statusMessage', { nullable: true, description: "The handler's message, such as why a request FAILED." }),
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
        if (request.typeName !== IMAGE_PIPELINE.typeName || !request.identifier) return null;
        const ref = PipelineRef.fromListed(request.identifier, request.region);
        return (await context.loaders.resources.load(ref.key)) ? ref : null;
      },
    }),
  }),
});

/** One status read, counted against the request's budget; null when the token is unknown in the account and region. */
function readRequest(context: GatewayContext, where: Where, requestToken: string): Promise<ResourceRequestState | null> {
  context.budget.spend('GetResourceRequestStatus', where.region);
  return context.cloudControl.getRequestStatus(where, requestToken);
}

export function assertRequestToken(requestToken: string): string {
  if (!TOKEN_PATTERN.test(requestToken)) {
    throw badInput(`requestToken is not a Cloud Control request token (${TOKEN_RULE}).`, {
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
      requestToken: t.arg.string({ required: true, description: 'The request token a mutation returned.' }),
      region: t.arg.string({ required: true, description: 'Requests are regional: the region the write was made in.' }),
      accountId: t.arg.string({ description: "The account the write was made in; defaults to the gateway's own." }),
    },
    resolve: async (_root, args, context) => {
      const requestToken = assertRequestToken(args.requestToken);
      return readRequest(context, await whereFor(context, args.region, args.accountId), requestToken);
    },
  }),
);

const ResourceRequestFilter = builder.inputType('ResourceRequestFilter', {
  description: 'Which requests to list; an empty list means any.',
  fields: (t) => ({
    operations: t.field({ type: [ResourceOperation], required: false, description: 'Only requests of these kinds; empty or omitted: any.' }),
    statuses: t.field({ type: [ResourceRequestStatus], required: false, description: 'Only requests in these statuses; empty or omitted: any.' }),
  }),
});

export const ResourceRequestConnection = builder.connectionObject(
  { type: ResourceRequest, name: 'ResourceRequestConnection', description: 'Recent resource requests of one region, newest first.' },
  { name: 'ResourceRequestEdge', description: 'A resource request in a list, with the cursor just after it.' },
);

builder.queryField('resourceRequests', (t) =>
  t.field({
    type: ResourceRequestConnection,
    description:
      'Recent asynchronous writes of a region (ListResourceRequests; Cloud Control keeps them for 7 days), newest first, of every resource type.',
    args: {
      region: t.arg.string({ description: "The region; defaults to the gateway's default region." }),
      accountId: t.arg.string({ description: "The account; defaults to the gateway's own." }),
      filter: t.arg({ type: ResourceRequestFilter, description: 'Which requests to list; omitted: all.' }),
      first: t.arg.int({ description: FIRST_DESCRIPTION('requests') }),
      after: t.arg.string({ description: 'Continue after this cursor (an endCursor or edge cursor of the same region and filter).' }),
    },
    resolve: async (_root, args, context) => {
      const where = await whereFor(context, args.region, args.accountId);
      const { region } = where;
      const filter = { operations: args.filter?.operations ?? undefined, statuses: args.filter?.statuses ?? undefined };
      return listConnection(context, {
        // A cursor is only good for the same account and filter: the service token encodes it.
        kind: `requests:${where.accountId}:${JSON.stringify(filter)}`,
        region,
        first: pageSize(context, args.first),
        after: args.after,
        fetchPage: (token) => {
          context.budget.spend('ListResourceRequests', region);
          return context.cloudControl.listRequests(where, filter, token, MAX_REQUESTS_PER_PAGE);
        },
        toNode: (request) => request,
      });
    },
  }),
);
