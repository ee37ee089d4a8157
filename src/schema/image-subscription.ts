import { builder } from '../builder';
import { FINAL_IMAGE_STATUSES } from '../upstream/imagebuilder/image-status';
import type { ImageUpdate } from '../subscriptions';
import { Image, imageKey } from './image';

builder.subscriptionField('image', (t) =>
  t.field({
    type: Image,
    nullable: true,
    description:
      `An image build as it progresses: the image now, then again each time its state's status changes, ending after a final status (${FINAL_IMAGE_STATUSES.join(', ')}). ` +
      'Null, once, when Image Builder does not know the image. However many clients follow one image, the gateway reads it (GetImage) once per IMAGE_POLL_MS.',
    args: {
      arn: t.arg.string({
        required: true,
        description: 'The image build version ARN, as startImagePipelineExecution returns it (…:image/{recipe}/{version}/{build}); its region and account are the ARN’s.',
      }),
    },
    subscribe: async (_root, args, context) => context.imageUpdates.follow(await imageKey(context, args.arn)),
    resolve: (update: ImageUpdate) => {
      if (update instanceof Error) throw update;
      return update;
    },
  }),
);
