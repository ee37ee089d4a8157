import { builder } from '../builder';
import { UpstreamError } from '../cloudcontrol/errors';
import { isFinal, type ResourceRequestState } from '../cloudcontrol/progress';
import { CancelResourceRequestInput } from './image-pipeline-inputs';
import { Conflict, RequestNotFound } from './mutation-errors';
import { pipelineKey } from './pipeline-ref';
import { resolveRegion } from './regions';
import { assertRequestToken, ResourceRequest } from './resource-request';

const CancelResourceRequestPayload = builder.objectRef<{ request: ResourceRequestState }>('CancelResourceRequestPayload').implement({
  fields: (t) => ({ request: t.field({ type: ResourceRequest, resolve: (payload) => payload.request }) }),
});

builder.mutationField('cancelResourceRequest', (t) =>
  t.field({
    type: CancelResourceRequestPayload,
    description: 'Cancels a write that is still PENDING or IN_PROGRESS (CancelResourceRequest).',
    errors: { types: [RequestNotFound, Conflict], directResult: true, union: { name: 'CancelResourceRequestResult' } },
    args: { input: t.arg({ type: CancelResourceRequestInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const region = resolveRegion(context, input.region);
      const requestToken = assertRequestToken(input.requestToken);
      // Asking first gives a finished request a clear answer; Cloud Control would refuse it
      // with a server error (ConcurrentModificationException, HTTP 500) that the SDK retries.
      context.budget.spend('GetResourceRequestStatus', region);
      const current = await context.cloudControl.getRequestStatus(region, requestToken);
      if (!current) throw new RequestNotFound(requestToken, region);
      if (isFinal(current)) throw new Conflict('NOT_CANCELLABLE', `Request ${requestToken} is already ${current.status} and cannot be cancelled.`);
      context.budget.spend('CancelResourceRequest', region);
      try {
        const request = await context.cloudControl.cancelRequest(region, requestToken);
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
