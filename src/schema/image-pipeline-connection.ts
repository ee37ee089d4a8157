import { builder } from '../builder';
import { IMAGE_PIPELINE } from '../resources/registry';
import { ImagePipeline } from './image-pipeline';
import { listConnection } from './list-connection';
import { FIRST_DESCRIPTION, pageSize } from './page-size';
import { PipelineRef, pipelineKey } from './pipeline-ref';
import { whereFor } from './where';
import { listedRowsNeedModel } from './selections';
import { declaredEnum } from './resource-fields';
import { healthKey } from './image-pipeline-health';

/**
 * Whether a list row carries the whole model rather than just the identifier: Cloud Control only
 * promises the identifier, and some list handlers return everything. A complete model has every
 * always-required property.
 */
const isCompleteModel = (properties: Record<string, unknown>) => IMAGE_PIPELINE.schema.alwaysRequired.every((property) => properties[property] !== undefined);

export const ImagePipelineConnection = builder.connectionObject(
  {
    type: ImagePipeline,
    name: 'ImagePipelineConnection',
    description: 'A page of the image pipelines of one region.',
  },
  { name: 'ImagePipelineEdge', description: 'An image pipeline in a list, with the cursor just after it.' },
);

const ImagePipelineFilter = builder.inputType('ImagePipelineFilter', {
  description: 'Which pipelines to list.',
  fields: (t) => ({
    status: t.field({
      type: declaredEnum(IMAGE_PIPELINE, ['status']),
      required: false,
      description:
        "Only pipelines in this status. Image Builder filters by status itself (ListImagePipelines, 25 pipelines a call), so this lists no pipeline it would leave out; each row's health comes with it.",
    }),
  }),
});

builder.queryField('imagePipelines', (t) =>
  t.field({
    type: ImagePipelineConnection,
    description:
      'The image pipelines of one region, a page at a time (ListResources; with a status filter, Image Builder’s ListImagePipelines). `first` is ' +
      'honoured exactly whatever page size the service uses; list several regions by aliasing this field, and they are read in parallel.',
    args: {
      region: t.arg.string({ description: "The region to list; defaults to the gateway's default region." }),
      accountId: t.arg.string({
        description: "The account to list, read through ACCOUNT_ROLE_ARN; defaults to the gateway's own. Several accounts are several aliases, read in parallel.",
      }),
      first: t.arg.int({ description: FIRST_DESCRIPTION('pipelines') }),
      after: t.arg.string({ description: 'Continue after this cursor (an endCursor or edge cursor of the same region and filter).' }),
      filter: t.arg({ type: ImagePipelineFilter, description: 'Which pipelines to list; omitted: all.' }),
    },
    resolve: async (_root, args, context, info) => {
      const where = await whereFor(context, args.region, args.accountId);
      const { region } = where;
      const status = args.filter?.status as string | null | undefined;
      if (status) {
        let needsDetails: boolean | undefined;
        return listConnection(context, {
          kind: `pipelines:${where.accountId}:status:${status}`,
          region,
          first: pageSize(context, args.first),
          after: args.after,
          fetchPage: (token) => context.imageBuilder.pipelinesByStatus(where, status, token, { onCall: (operation) => context.budget.spend(operation, region) }),
          onRows: (items) => {
            for (const health of items) {
              const ref = PipelineRef.fromListed(health.arn, region);
              // The answer is each row's health: its health fields cost nothing more.
              context.loaders.health.prime(healthKey(ref), health);
              if ((needsDetails ??= listedRowsNeedModel(info))) context.loaders.resources.load(ref.key).catch(() => undefined);
            }
          },
          toNode: (health) => PipelineRef.fromListed(health.arn, region),
        });
      }
      // Worked out from the query at the first row that is not a whole model, if any.
      let needsDetails: boolean | undefined;
      return listConnection(context, {
        // A cursor is good only for the list of its account (and region, which the cursor also names).
        kind: `pipelines:${where.accountId}`,
        region,
        first: pageSize(context, args.first),
        after: args.after,
        fetchPage: (token) => context.loaders.listPages.load({ ...where, typeName: IMAGE_PIPELINE.typeName, token }),
        onRows: (items) => {
          for (const item of items) {
            const key = pipelineKey(region, item.identifier);
            // A list handler that returns whole models saves a GetResource per row.
            if (isCompleteModel(item.properties)) context.loaders.prime(key, item.properties);
            // Otherwise a row's details are read as soon as its page arrives, alongside the
            // next pages; its fields get the same load, and its failure, when they resolve.
            else if ((needsDetails ??= listedRowsNeedModel(info))) context.loaders.resources.load(key).catch(() => undefined);
          }
        },
        toNode: (item) => PipelineRef.fromListed(item.identifier, region),
      });
    },
  }),
);
