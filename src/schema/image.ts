import { builder } from '../builder';
import type { GatewayContext } from '../context';
import type { ArnKey } from '../loaders';
import { memberDocumentation, shapeDocumentation } from '../resources/api-model';
import { IMAGE_BUILD_VERSION, isAwsOwner } from '../resources/arn';
import type { ImageOutputs, ImageSummary } from '../upstream/imagebuilder/shapes';
import { BuildType, ImageSource, ImageStatus, ImageType, Platform } from './image-builder-enums';
import { assertAllowedRegion, parseCallerArn } from './regions';
import { accountFor } from './where';

/**
 * Where an image build is read: its ARN's region, as its ARN's account (checked against what
 * configuration opens, before any call), or as the gateway's own for an image AWS owns.
 */
export async function imageKey(context: GatewayContext, arn: string, argument = 'arn'): Promise<ArnKey> {
  const parsed = parseCallerArn(context, arn, IMAGE_BUILD_VERSION, argument);
  const region = assertAllowedRegion(context, parsed.region);
  return { accountId: await accountFor(context, isAwsOwner(parsed.accountId) ? undefined : parsed.accountId), region, arn: parsed.arn };
}

/** An image build by a caller's ARN (GetImage, once per request); null when it does not exist. */
export async function loadImage(context: GatewayContext, arn: string, argument = 'arn'): Promise<ImageSummary | null> {
  return context.loaders.images.load(await imageKey(context, arn, argument));
}

const ImageState = builder.objectRef<ImageSummary['state']>('ImageState').implement({
  description: shapeDocumentation('ImageState'),
  fields: (t) => ({
    status: t.field({ type: ImageStatus, nullable: true, description: memberDocumentation('ImageState', 'status'), resolve: (state) => state.status as never }),
    reason: t.exposeString('reason', { nullable: true, description: memberDocumentation('ImageState', 'reason') }),
  }),
});

const Ami = builder.objectRef<ImageOutputs['amis'][number]>('Ami').implement({
  description: shapeDocumentation('Ami'),
  fields: (t) => ({
    region: t.exposeString('region', { nullable: true, description: memberDocumentation('Ami', 'region') }),
    image: t.exposeString('image', { nullable: true, description: memberDocumentation('Ami', 'image') }),
    name: t.exposeString('name', { nullable: true, description: memberDocumentation('Ami', 'name') }),
    accountId: t.exposeString('accountId', { nullable: true, description: memberDocumentation('Ami', 'accountId') }),
  }),
});

const Container = builder.objectRef<ImageOutputs['containers'][number]>('Container').implement({
  description: 'Container images a pipeline produced in one region, in its output repository.',
  fields: (t) => ({
    region: t.exposeString('region', { nullable: true, description: memberDocumentation('Container', 'region') }),
    imageUris: t.exposeStringList('imageUris', { description: memberDocumentation('Container', 'imageUris') }),
  }),
});

const OutputResources = builder.objectRef<ImageOutputs>('OutputResources').implement({
  description: shapeDocumentation('OutputResources'),
  fields: (t) => ({
    amis: t.field({ type: [Ami], description: memberDocumentation('OutputResources', 'amis'), resolve: (outputs) => outputs.amis }),
    containers: t.field({ type: [Container], description: memberDocumentation('OutputResources', 'containers'), resolve: (outputs) => outputs.containers }),
  }),
});

/** Image Builder's enums arrive as the service spells them, which is each GraphQL value's value. */
const asEnum = <T>(value: string | null) => value as T | null;

export const Image = builder.node(builder.objectRef<ImageSummary>('Image'), {
  description:
    'One build of an image (a build version, …:image/{recipe}/{version}/{build}) that an EC2 Image Builder pipeline made, read through ' +
    "Image Builder's own API. Its global id is derived from its ARN; node(id:) reads it with GetImage.",
  id: { resolve: (image) => image.arn, description: 'A globally unique id (Relay), derived from the build version ARN; resolve it with node(id).' },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'outputResources' in value && 'state' in value,
  loadOne: (id, context) => loadImage(context, id, 'id'),
  fields: (t) => ({
    arn: t.exposeString('arn', { description: 'The Amazon Resource Name (ARN) of the image build version.' }),
    name: t.exposeString('name', { nullable: true, description: memberDocumentation('ImageSummary', 'name') }),
    version: t.exposeString('version', {
      nullable: true,
      description: `${memberDocumentation('ImageSummary', 'version').replace(/\.$/, '')}: its semantic version and build number, such as 1.0.2/4.`,
    }),
    type: t.field({ type: ImageType, nullable: true, description: memberDocumentation('ImageSummary', 'type'), resolve: (image) => asEnum(image.type) }),
    platform: t.field({ type: Platform, nullable: true, description: memberDocumentation('ImageSummary', 'platform'), resolve: (image) => asEnum(image.platform) }),
    osVersion: t.exposeString('osVersion', { nullable: true, description: memberDocumentation('ImageSummary', 'osVersion') }),
    buildType: t.field({ type: BuildType, nullable: true, description: 'Indicates the type of build that created this image.', resolve: (image) => asEnum(image.buildType) }),
    imageSource: t.field({ type: ImageSource, nullable: true, description: memberDocumentation('ImageSummary', 'imageSource'), resolve: (image) => asEnum(image.imageSource) }),
    state: t.field({ type: ImageState, description: memberDocumentation('ImageSummary', 'state'), resolve: (image) => image.state }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: memberDocumentation('ImageSummary', 'dateCreated'), resolve: (image) => image.createdAt }),
    outputResources: t.field({ type: OutputResources, description: memberDocumentation('ImageSummary', 'outputResources'), resolve: (image) => image.outputResources }),
  }),
});
