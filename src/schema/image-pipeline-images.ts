import { builder } from '../builder';
import { badInput } from '../errors';
import { stringRules } from '../resources/api-model';
import { NAMES_PER_FILTER, type ImageFilter as Filter } from '../upstream/imagebuilder/image-builder';
import { Image } from './image';
import { ImagePipeline } from './image-pipeline';
import { healthKey } from './image-pipeline-health';
import { listConnection } from './list-connection';
import { FIRST_DESCRIPTION, pageSize } from './page-size';
import { WITHOUT_MODEL } from './selections';
import { IMAGES_PER_CALL, upstreamCost } from './upstream-cost';

export const ImageFilter = builder.inputType('ImageFilter', {
  description:
    "Which of a pipeline's images to list (ListImagePipelineImages' filters, which Image Builder applies itself): an image matches when it " +
    `matches one value of each list given; each list takes up to ${NAMES_PER_FILTER} values, case-sensitive. Omitted or empty: any.`,
  fields: (t) => ({
    names: t.stringList({ required: false, description: "Only images of these names (an image is named after its recipe, such as al2023-golden)." }),
    versions: t.stringList({ required: false, description: 'Only images of these versions: a semantic version (3.2.0), or a build version (3.2.0/4).' }),
  }),
});

const FILTER_VALUE = stringRules('FilterValue');

/** The filter as Image Builder takes it, checked against its model before any call. */
function filterOf(given: { names?: readonly string[] | null; versions?: readonly string[] | null } | null | undefined): Filter {
  const values = (field: 'names' | 'versions') => {
    const list = given?.[field] ?? [];
    if (list.length > NAMES_PER_FILTER) throw badInput(`filter.${field} takes at most ${NAMES_PER_FILTER} values; got ${list.length}.`, { argument: `filter.${field}` });
    for (const value of list) {
      if (FILTER_VALUE.pattern && !FILTER_VALUE.pattern.test(value)) {
        throw badInput(`filter.${field} holds "${value.slice(0, 100)}", which Image Builder's filters do not take (${FILTER_VALUE.pattern.source}).`, { argument: `filter.${field}` });
      }
    }
    return list.length > 0 ? [...list] : undefined;
  };
  const names = values('names');
  const versions = values('versions');
  return { ...(names ? { names } : {}), ...(versions ? { versions } : {}) };
}

export const ImageConnection = builder.connectionObject(
  { type: Image, name: 'ImageConnection', description: "A page of a pipeline's images, newest first." },
  { name: 'ImageEdge', description: 'An image in a list, with the cursor just after it.' },
);

builder.objectFields(ImagePipeline, (t) => ({
  images: t.field({
    type: ImageConnection,
    nullable: true,
    description:
      "The images this pipeline built, newest first, a page at a time (Image Builder's ListImagePipelineImages, 25 images a call, read only when selected). " +
      '`first` is honoured exactly across the service’s pages. Null when Image Builder does not know the pipeline.',
    args: {
      first: t.arg.int({ description: FIRST_DESCRIPTION('images') }),
      after: t.arg.string({ description: "Continue after this cursor (an endCursor or edge cursor of the same pipeline's images, under the same filter)." }),
      filter: t.arg({ type: ImageFilter, description: 'Which images to list; omitted: all.' }),
    },
    extensions: { ...upstreamCost({ pagedBy: IMAGES_PER_CALL }), ...WITHOUT_MODEL },
    resolve: async (ref, args, context) => {
      const filter = filterOf(args.filter);
      let unknown = false;
      const connection = await listConnection(context, {
        // A cursor is good only for this pipeline's images under this filter: the service token encodes both.
        kind: `images:${ref.arn}:${JSON.stringify(filter)}`,
        region: ref.region,
        first: pageSize(context, args.first),
        after: args.after,
        fetchPage: async (token) => {
          const page = await context.loaders.imagePages.load({ ...healthKey(ref), filter, token });
          if (page) return page;
          unknown = true;
          return { items: [], nextToken: undefined };
        },
        toNode: (image) => image,
      });
      return unknown ? null : connection;
    },
  }),
  latestImage: t.field({
    type: Image,
    nullable: true,
    description:
      'The newest image this pipeline built, in whatever state it is (a build under way included): the first of the newest page of images, ' +
      'which images shares (one ListImagePipelineImages call, only when selected). Null when the pipeline has built none, or Image Builder does not know it.',
    extensions: { ...upstreamCost({ perRow: 1 }), ...WITHOUT_MODEL },
    resolve: async (ref, _args, context) => (await context.loaders.imagePages.load({ ...healthKey(ref), filter: {}, token: undefined }))?.items[0] ?? null,
  }),
}));
