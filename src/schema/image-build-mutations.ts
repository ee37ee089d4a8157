import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { memberDocumentation } from '../resources/api-model';
import { regionForArn } from '../resources/arn';
import { IMAGE_PIPELINE } from '../resources/registry';
import { UpstreamError } from '../upstream/errors';
import type { ArnKey } from '../loaders';
import type { ImageBuildWrite } from '../writes/request-writes';
import { Image, imageKey } from './image';
import { Conflict, ImageNotFound, PipelineNotFound, ValidationFailed } from './mutation-errors';
import { pipelineGlobalID } from './pipeline-ref';
import { assertAllowedRegion, parseCallerArn } from './regions';
import { upstreamCost } from './upstream-cost';
import { accountFor } from './where';
import { imageBuilderClientTokenOf, recordedWrite, type RetryRule } from './writes';

/** A run started, or a build cancelled: the image build it is about, and the token it was made with. */
interface ImageBuildResult {
  imageBuildVersionArn: string;
  clientToken: string;
  /** Where the image is read, for the payload's `image`. */
  image: ArnKey;
  /** The pipeline a run was started for; null for a cancel (an image's ARN does not name its pipeline). */
  pipelineArn: string | null;
}

const IMAGE_BUILD_ERRORS = [ValidationFailed, PipelineNotFound, Conflict];

const IMAGE_BUILDER_RETRY: RetryRule = { service: 'Image Builder', repeat: 'answers a repeat with the same image build' };

/** Image Builder's expected refusals of its writes, as the schema's typed results. */
function refusalOf(error: unknown, notFound: () => Error): Error | undefined {
  if (!(error instanceof UpstreamError)) return undefined;
  const message = error.upstreamMessage ?? error.message;
  switch (error.awsErrorName) {
    case 'ResourceNotFoundException':
      return notFound();
    case 'IdempotentParameterMismatchException':
      return new Conflict('CLIENT_TOKEN_CONFLICT', message);
    case 'ResourceInUseException':
      return new Conflict('RESOURCE_CONFLICT', message);
    case 'InvalidRequestException':
    case 'InvalidParameterValueException':
      return new ValidationFailed([{ path: '', field: null, rule: 'imageBuilder', message: `Image Builder refused the request: ${message}` }]);
    default:
      return undefined;
  }
}

/**
 * An Image Builder write: counted against MAX_UPSTREAM_KEYS as it is made, recorded with its
 * client token, its refusals typed; what the request already read of the image (and of the
 * pipeline's runs) is dropped, so the payload and later fields read it as it now is.
 */
async function imageBuildWrite(
  context: GatewayContext,
  operation: ImageBuildWrite,
  target: { arn: string; region: string; pipeline: ArnKey | null; image: ArnKey | null },
  clientToken: string,
  call: (onCall: (operation: string, region: string) => void) => Promise<{ imageBuildVersionArn: string; clientToken: string }>,
  notFound: () => Error,
): Promise<{ imageBuildVersionArn: string; clientToken: string }> {
  try {
    return await recordedWrite(
      context,
      { operation, region: target.region, arn: target.arn, clientToken },
      IMAGE_BUILDER_RETRY,
      () => call((name, region) => context.budget.spend(name, region)),
      (error) => refusalOf(error, notFound),
      (result) => ({ imageBuildVersionArn: result.imageBuildVersionArn }),
    );
  } finally {
    context.loaders.forgetRuns(target.pipeline, target.image ?? undefined);
  }
}

export const StartImagePipelineExecutionPayload = builder.objectRef<ImageBuildResult>('StartImagePipelineExecutionPayload').implement({
  description: 'A run Image Builder started: the image build it makes.',
  fields: (t) => ({
    imageBuildVersionArn: t.exposeString('imageBuildVersionArn', { description: memberDocumentation('StartImagePipelineExecutionResponse', 'imageBuildVersionArn') }),
    clientToken: t.exposeString('clientToken', {
      description: 'The client token the run was started with; repeat it to retry this mutation safely (Image Builder starts one run per token).',
    }),
    imagePipelineId: t.globalID({
      description: "The pipeline's id, as lists and node(id:) give it, so a client cache can find the pipeline whose health and images this run changes.",
      resolve: (result) => pipelineGlobalID(result.pipelineArn)!,
    }),
    image: t.field({
      type: Image,
      nullable: true,
      description: 'The image being built, as it now is (GetImage, read only when selected; PENDING at first). Follow it with the image subscription.',
      extensions: upstreamCost({ perRow: 1 }),
      resolve: (result, _args, context) => context.loaders.images.load(result.image),
    }),
  }),
});

export const CancelImageCreationPayload = builder.objectRef<ImageBuildResult>('CancelImageCreationPayload').implement({
  description: 'An image build Image Builder cancelled.',
  fields: (t) => ({
    imageBuildVersionArn: t.exposeString('imageBuildVersionArn', { description: memberDocumentation('CancelImageCreationResponse', 'imageBuildVersionArn') }),
    clientToken: t.exposeString('clientToken', { description: 'The client token the cancel was made with; repeat it to retry this mutation safely.' }),
    image: t.field({
      type: Image,
      nullable: true,
      description: 'The image as it now is (GetImage, read only when selected).',
      extensions: upstreamCost({ perRow: 1 }),
      resolve: (result, _args, context) => context.loaders.images.load(result.image),
    }),
  }),
});

const CLIENT_TOKEN_DESCRIPTION =
  `${memberDocumentation('StartImagePipelineExecutionRequest', 'clientToken')} 1–64 characters; ` +
  'the gateway makes one up when omitted and returns it, so a retry of an answer that was lost is safe.';

const StartImagePipelineExecutionInput = builder.inputType('StartImagePipelineExecutionInput', {
  description: 'The pipeline to run now.',
  fields: (t) => ({
    arn: t.string({ required: true, description: memberDocumentation('StartImagePipelineExecutionRequest', 'imagePipelineArn') }),
    region: t.string({ description: "The region to ask; defaults to the ARN's region, and must agree with it." }),
    clientToken: t.string({ description: CLIENT_TOKEN_DESCRIPTION }),
  }),
});

const CancelImageCreationInput = builder.inputType('CancelImageCreationInput', {
  description: 'The image build to cancel.',
  fields: (t) => ({
    imageBuildVersionArn: t.string({ required: true, description: memberDocumentation('CancelImageCreationRequest', 'imageBuildVersionArn') }),
    clientToken: t.string({ description: CLIENT_TOKEN_DESCRIPTION }),
  }),
});

builder.mutationField('startImagePipelineExecution', (t) =>
  t.field({
    type: StartImagePipelineExecutionPayload,
    description:
      "Runs a pipeline now, as Image Builder's StartImagePipelineExecution does (a USER_INITIATED build). Idempotent by clientToken: the same token " +
      'starts one run and answers its image again. The ARN and token are checked against Image Builder’s model before anything is sent.',
    errors: {
      types: IMAGE_BUILD_ERRORS,
      directResult: true,
      union: { name: 'StartImagePipelineExecutionResult', description: 'The run started, or the expected reason it was not.' },
    },
    args: { input: t.arg({ type: StartImagePipelineExecutionInput, required: true, description: 'The pipeline to run.' }) },
    resolve: async (_root, { input }, context) => {
      const arn = parseCallerArn(context, input.arn, IMAGE_PIPELINE, 'input.arn');
      const region = assertAllowedRegion(context, regionForArn(arn, input.region, IMAGE_PIPELINE.noun));
      const clientToken = imageBuilderClientTokenOf(input.clientToken);
      const where = { accountId: await accountFor(context, arn.accountId), region };
      const started = await imageBuildWrite(
        context,
        'StartImagePipelineExecution',
        { arn: arn.arn, region, pipeline: { ...where, arn: arn.arn }, image: null },
        clientToken,
        (onCall) => context.imageBuilder.startExecution(where, arn.arn, clientToken, { onCall }),
        () => new PipelineNotFound(arn.arn, region),
      );
      return { ...started, image: { ...where, arn: started.imageBuildVersionArn }, pipelineArn: arn.arn };
    },
  }),
);

builder.mutationField('cancelImageCreation', (t) =>
  t.field({
    type: CancelImageCreationPayload,
    description:
      "Cancels an image build still in progress (Image Builder's CancelImageCreation). Idempotent by clientToken. The ARN and token are checked " +
      "against Image Builder's model before anything is sent; a build that has already ended is refused as invalid (ValidationError, rule imageBuilder).",
    errors: {
      types: IMAGE_BUILD_ERRORS,
      directResult: true,
      union: { name: 'CancelImageCreationResult', description: 'The build cancelled, or the expected reason it was not.' },
    },
    args: { input: t.arg({ type: CancelImageCreationInput, required: true, description: 'The image build to cancel.' }) },
    resolve: async (_root, { input }, context) => {
      const image = await imageKey(context, input.imageBuildVersionArn, 'input.imageBuildVersionArn');
      const clientToken = imageBuilderClientTokenOf(input.clientToken);
      const cancelled = await imageBuildWrite(
        context,
        'CancelImageCreation',
        { arn: image.arn, region: image.region, pipeline: null, image },
        clientToken,
        (onCall) => context.imageBuilder.cancelImageCreation(image, image.arn, clientToken, null, { onCall }),
        () => new ImageNotFound(image.arn, image.region),
      );
      return { ...cancelled, image, pipelineArn: null };
    },
  }),
);
