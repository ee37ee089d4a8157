import { type CommonErrors, ServiceError } from '../service-errors';
import { IMAGE_BUILDER_MODEL } from './api-model';

/** Image Builder's modelled errors (the model's exception shapes) with their HTTP statuses. */
const MODELLED: Record<string, number> = Object.fromEntries(
  Object.entries(IMAGE_BUILDER_MODEL.shapes)
    .filter(([, shape]) => shape.exception && shape.error?.httpStatusCode)
    .map(([name, shape]) => [name, shape.error!.httpStatusCode!]),
);

/** What every rest-json service answers before an operation runs, not in the model. */
const COMMON_REST_JSON: Record<string, number> = {
  ExpiredTokenException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  SerializationException: 400,
  UnknownOperationException: 404,
  UnrecognizedClientException: 403,
};

export class ImageBuilderError extends ServiceError {
  constructor(errorName: string, message: string) {
    const status = MODELLED[errorName] ?? COMMON_REST_JSON[errorName];
    if (status === undefined) throw new Error(`Image Builder has no error ${errorName}`);
    super(errorName, message, status);
  }
}

/** The errors the model declares for the operations that start and cancel builds: what the `rejectWrites` fault may answer them with. */
export const WRITE_ERRORS = [
  ...new Set(
    ['StartImagePipelineExecution', 'CancelImageCreation'].flatMap((operation) => (IMAGE_BUILDER_MODEL.operations[operation]!.errors ?? []).map((error) => error.shape)),
  ),
].sort();

/** An ARN the caller's account and region do not hold. The operations' error lists leave it out, but the service answers it (and clients such as terraform-provider-aws look for it). */
export const notFound = (what: string, arn: string) => new ImageBuilderError('ResourceNotFoundException', `The ${what} with ARN ${arn} does not exist.`);

export const IMAGE_BUILDER_COMMON_ERRORS: CommonErrors = {
  missingAuthentication: () => new ImageBuilderError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  invalidSignature: (message) => new ImageBuilderError('InvalidSignatureException', message),
  expiredToken: () => new ImageBuilderError('ExpiredTokenException', 'The security token included in the request is expired'),
  unrecognizedClient: () => new ImageBuilderError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  accessDenied: (operation) => new ImageBuilderError('ForbiddenException', `User is not authorized to perform: imagebuilder:${operation}`),
  throttling: () => new ImageBuilderError('CallRateLimitExceededException', 'You have exceeded the permitted request rate for the specific operation.'),
  internalFailure: (message) => new ImageBuilderError('ServiceException', message),
};
