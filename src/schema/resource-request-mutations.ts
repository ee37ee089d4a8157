import { builder } from '../builder';
import { UpstreamError } from '../upstream/errors';
import { isFinal, type ResourceRequestState } from '../upstream/cloudcontrol/progress';
import { IMAGE_PIPELINE } from '../resources/registry';
import { CancelResourceRequestInput } from './image-pipeline-inputs';
import { Conflict, RequestNotFound } from './mutation-errors';
import { pipelineGlobalID, pipelineKey } from './pipeline-ref';
import { whereFor } from './where';
import { assertRequestToken, ResourceRequest } from './resource-request';

const CancelResourceRequestPayload = builder.objectRef<{ request: ResourceRequestState }>('CancelResourceRequestPayload').implement({
  description: 'A write Cloud Control has cancelled, or is cancelling.',
  fields: (t) => ({
    imagePipelineId: t.globalID({
      nullable: true,
      description:
        "The id of the pipeline the cancelled write was changing, as lists and node(id:) give it, so a client cache can find it; " +
        'null when the request has no identifier yet (a create) or is about another resource type.',
      resolve: ({ request }) => (request.typeName === IMAGE_PIPELINE.typeName ? pipelineGlobalID(request.identifier) : null),
    }),
    request: t.field({ type: ResourceRequest, description: 'The request, as the cancel left it.', resolve: (payload) => payload.request }),
  }),
});

builder.mutationField('cancelResourceRequest', (t) =>
  t.field({
    type: CancelResourceRequestPayload,
    description: 'Cancels a write that is still PENDING or IN_PROGRESS (CancelResourceRequest).',
    errors: { types: [RequestNotFound, Conflict], directResult: true, union: { name: 'CancelResourceRequestResult', description: 'The cancelled request, or why it could not be cancelled.' } },
    args: { input: t.arg({ type: CancelResourceRequestInput, required: true, description: 'The request to cancel.' }) },
    resolve: async (_root, { input }, context) => {
      const requestToken = assertRequestToken(input.requestToken);
      const where = await whereFor(context, input.region, input.accountId);
      const { region } = where;
      // Asking first gives a finished request a clear answer; Cloud Control would refuse it
      // with a server error (ConcurrentModificationException, HTTP 500) that the SDK retries.
      context.budget.spend('GetResourceRequestStatus', region);
      const current = await context.cloudControl.getRequestStatus(where, requestToken);
      if (!current) throw new RequestNotFound(requestToken, region);
      if (isFinal(current)) throw new Conflict('NOT_CANCELLABLE', `Request ${requestToken} is already ${current.status} and cannot be cancelled.`);
      context.budget.spend('CancelResourceRequest', region);
      try {
        const request = await context.cloudControl.cancelRequest(where, requestToken);
        if (request.identifier) context.loaders.forget(pipelineKey(region, request.identifier));
        return { request };
      } catch (error) {
        if (error instanceof UpstreamError && error.awsErrorName === 'RequestTokenNotFoundException') throw new RequestNotFound(requestToken, region);
        if (error instanceof UpstreamError && error.awsErrorName === 'ConcurrentModificationException') {
          throw new Conflict('NOT_CANCELLABLE', `Request ${requestToken} finished before it could be cancelled.`);
        }
        throw error;
      }
    },
  }),
);
