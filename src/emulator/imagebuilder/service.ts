import type { AwsService } from '../aws-service';
import type { OperationContext } from '../operation-context';
import { IMAGE_BUILDER_COMMON_ERRORS, ImageBuilderError, WRITE_ERRORS } from './errors';
import { cancelImageCreation, getImage, listImagePipelineImages, startImagePipelineExecution } from './image-operations';
import { getImagePipeline, listImagePipelines } from './pipeline-operations';
import { checkInput, readInput, routeOf, sendError, sendResult, withRequestId } from './wire';
import { getWorkflow } from './workflow-operations';

type Operation = (input: Record<string, unknown>, context: OperationContext) => Record<string, unknown>;

const OPERATIONS: Record<string, Operation> = {
  GetImagePipeline: getImagePipeline,
  ListImagePipelines: listImagePipelines,
  ListImagePipelineImages: listImagePipelineImages,
  GetImage: getImage,
  StartImagePipelineExecution: startImagePipelineExecution,
  CancelImageCreation: cancelImageCreation,
  GetWorkflow: getWorkflow,
};

const WRITES = new Set(['StartImagePipelineExecution', 'CancelImageCreation']);

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** EC2 Image Builder's own API (rest-json, signing name `imagebuilder`): pipelines' health and images, builds, workflows. */
export const imageBuilder: AwsService = {
  signingName: 'imagebuilder',
  errors: IMAGE_BUILDER_COMMON_ERRORS,
  async readCall(request) {
    const { pathname } = new URL(request.url ?? '/', 'http://imagebuilder');
    const operation = routeOf(request.method ?? 'GET', pathname);
    if (!operation) throw new ImageBuilderError('UnknownOperationException', `No Image Builder operation is ${request.method} ${pathname}.`);
    if (!Object.prototype.hasOwnProperty.call(OPERATIONS, operation)) {
      throw new ImageBuilderError('UnknownOperationException', `${operation} is in the Image Builder API, but this emulator serves only ${Object.keys(OPERATIONS).join(', ')}.`);
    }
    return { operation, input: await readInput(operation, request) };
  },
  describe: (_operation, input) => ({
    identifier: text(input.imagePipelineArn) ?? text(input.imageBuildVersionArn) ?? text(input.workflowBuildVersionArn),
    clientToken: text(input.clientToken),
  }),
  isWrite: (operation) => WRITES.has(operation),
  rejectWrite: (errorName, message) => (WRITE_ERRORS.includes(errorName) ? new ImageBuilderError(errorName, message) : undefined),
  acceptsHandlerFailures: false,
  invoke: (operation, input, context) => {
    checkInput(operation, input);
    return withRequestId(operation, OPERATIONS[operation]!(input, context));
  },
  sendResult: (response, result) => sendResult(response, result as Record<string, unknown>),
  sendError,
};
