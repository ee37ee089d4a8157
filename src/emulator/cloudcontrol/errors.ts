import { type CommonErrors, ServiceError } from '../service-errors';

/**
 * Cloud Control's modelled errors with their HTTP status codes (cloudcontrol.smithy.json,
 * `smithy.api#httpError`), plus the few that every AWS JSON service answers before an operation
 * runs (authentication, throttling of the API itself, serialization and constraint checks).
 */
export const ERROR_STATUS = {
  AlreadyExistsException: 400,
  ClientTokenConflictException: 409,
  ConcurrentModificationException: 500,
  ConcurrentOperationException: 409,
  GeneralServiceException: 400,
  HandlerFailureException: 502,
  HandlerInternalFailureException: 502,
  InvalidCredentialsException: 401,
  InvalidRequestException: 400,
  NetworkFailureException: 502,
  NotStabilizedException: 400,
  NotUpdatableException: 400,
  PrivateTypeException: 400,
  RequestTokenNotFoundException: 404,
  ResourceConflictException: 409,
  ResourceNotFoundException: 404,
  ServiceInternalErrorException: 502,
  ServiceLimitExceededException: 400,
  ThrottlingException: 429,
  TypeNotFoundException: 404,
  UnsupportedActionException: 405,
  // Common AWS JSON-protocol errors, not in the Cloud Control model.
  AccessDeniedException: 400,
  ExpiredTokenException: 400,
  MissingAuthenticationTokenException: 403,
  InvalidSignatureException: 403,
  SerializationException: 400,
  UnknownOperationException: 400,
  UnrecognizedClientException: 403,
  ValidationException: 400,
} as const;

export type CloudControlErrorName = keyof typeof ERROR_STATUS;

export class CloudControlError extends ServiceError {
  constructor(errorName: CloudControlErrorName, message: string) {
    super(errorName, message, ERROR_STATUS[errorName]);
  }
}

/** The errors CreateResource, UpdateResource and DeleteResource may answer with (the model's `errors` of each). */
export const WRITE_ERRORS = [
  'AlreadyExistsException', 'ClientTokenConflictException', 'ConcurrentOperationException', 'GeneralServiceException',
  'HandlerFailureException', 'HandlerInternalFailureException', 'InvalidCredentialsException', 'InvalidRequestException',
  'NetworkFailureException', 'NotStabilizedException', 'NotUpdatableException', 'PrivateTypeException',
  'ResourceConflictException', 'ResourceNotFoundException', 'ServiceInternalErrorException', 'ServiceLimitExceededException',
  'ThrottlingException', 'TypeNotFoundException', 'UnsupportedActionException',
] as const satisfies readonly CloudControlErrorName[];

/** The model's HandlerErrorCode enum: the ErrorCode of a request whose handler failed. */
export const HANDLER_ERROR_CODES = [
  'NotUpdatable', 'InvalidRequest', 'AccessDenied', 'UnauthorizedTaggingOperation', 'InvalidCredentials', 'AlreadyExists',
  'NotFound', 'ResourceConflict', 'Throttling', 'ServiceLimitExceeded', 'NotStabilized', 'GeneralServiceException',
  'ServiceInternalError', 'ServiceTimeout', 'NetworkFailure', 'InternalFailure',
] as const;

export const CLOUD_CONTROL_COMMON_ERRORS: CommonErrors = {
  missingAuthentication: () => new CloudControlError('MissingAuthenticationTokenException', 'Missing Authentication Token'),
  invalidSignature: (message) => new CloudControlError('InvalidSignatureException', message),
  expiredToken: () => new CloudControlError('ExpiredTokenException', 'The security token included in the request is expired'),
  unrecognizedClient: () => new CloudControlError('UnrecognizedClientException', 'The security token included in the request is invalid.'),
  accessDenied: (operation) =>
    new CloudControlError(
      'AccessDeniedException',
      `User is not authorized to perform: cloudformation:${operation} because no identity-based policy allows the cloudformation:${operation} action`,
    ),
  throttling: () => new CloudControlError('ThrottlingException', 'Rate exceeded'),
  internalFailure: (message) => new CloudControlError('HandlerInternalFailureException', message),
};
