import { builder } from '../builder';
import { IMAGE_PIPELINE } from '../resources/registry';
import type { RequestUpdate } from '../subscriptions';
import { pipelineKey } from './pipeline-ref';
import { whereFor } from './where';
import { assertRequestToken, ResourceRequest } from './resource-request';

builder.subscriptionType({
  description:
    'Live updates, served as Server-Sent Events at /graphql: send the subscription as a JSON POST (or a GET with the x-graphql-yoga-csrf header) ' +
    'with Accept: text/event-stream. Each stream ends by itself, after SUBSCRIPTION_MAX_SECONDS at the latest.',
});

builder.subscriptionField('resourceRequest', (t) =>
  t.field({
    type: ResourceRequest,
    nullable: true,
    description:
      'An asynchronous write as it progresses: the request now, then again each time its status changes, ending after a final status ' +
      '(SUCCESS, FAILED, CANCEL_COMPLETE). Null, once, when the token is unknown in the region. However many clients follow one request, ' +
      'the gateway reads its status once per interval (WRITE_POLL_MS, or longer when Cloud Control asks).',
    args: {
      requestToken: t.arg.string({ required: true, description: 'The request token a mutation returned (request.requestToken).' }),
      region: t.arg.string({ required: true, description: 'Requests are regional: the region the write was made in.' }),
      accountId: t.arg.string({ description: "The account the write was made in; defaults to the gateway's own." }),
    },
    subscribe: async (_root, args, context) => {
      const requestToken = assertRequestToken(args.requestToken);
      return context.requestUpdates.follow({ ...(await whereFor(context, args.region, args.accountId)), requestToken });
    },
    resolve: (update: RequestUpdate, _args, context) => {
      if (update instanceof Error) throw update;
      // One subscription is one request context for all its events: what an earlier event read
      // of the pipeline is stale by now.
      if (update?.identifier && update.typeName === IMAGE_PIPELINE.typeName) context.loaders.forget(pipelineKey(update.region, update.identifier));
      return update;
    },
  }),
);
