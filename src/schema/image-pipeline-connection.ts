import { builder } from '../builder';
import { IMAGE_PIPELINE_TYPE, isCompleteModel } from '../resource/image-pipeline-type';
import { ImagePipeline } from './image-pipeline';
import { listConnection } from './list-connection';
import { pageSize } from './page-size';
import { PipelineRef, pipelineKey } from './pipeline-ref';
import { resolveRegion } from './regions';

export const ImagePipelineConnection = builder.connectionObject(
  {
    type: ImagePipeline,
    name: 'ImagePipelineConnection',
    description: 'A page of the image pipelines of one region.',
  },
  { name: 'ImagePipelineEdge' },
);

builder.queryField('imagePipelines', (t) =>
  t.field({
    type: ImagePipelineConnection,
    description:
      'The image pipelines of one region, a page at a time (ListResources). `first` is honoured exactly whatever page size ' +
      'Cloud Control uses; list several regions by aliasing this field, and they are read in parallel.',
    args: {
      region: t.arg.string({ description: "The region to list; defaults to the gateway's default region." }),
      first: t.arg.int({ description: 'How many pipelines to return: 0 to MAX_PAGE_SIZE (100 by default); 20 when omitted.' }),
      after: t.arg.string({ description: 'Continue after this cursor (an endCursor or edge cursor of the same region).' }),
    },
    resolve: (_root, args, context) => {
      const region = resolveRegion(context, args.region);
      return listConnection(context, {
        kind: 'pipelines',
        region,
        first: pageSize(context, args.first),
        after: args.after,
        fetchPage: (token) => context.loaders.listPages.load({ region, typeName: IMAGE_PIPELINE_TYPE, token }),
        toNode: (item) => {
          // A list handler that returns whole models saves a GetResource per row.
          if (isCompleteModel(item.properties)) context.loaders.prime(pipelineKey(region, item.identifier), item.properties);
          return PipelineRef.fromListed(item.identifier, region);
        },
      });
    },
  }),
);
