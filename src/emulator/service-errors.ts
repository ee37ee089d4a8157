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
  MissingAuthenticationTokenException: 403,
  InvalidSignatureException: 403,
  SerializationException: 400,
  UnknownOperationException: 400,
  ValidationException: 400,
} as const;

export type ServiceErrorName = keyof typeof ERROR_STATUS;

/** The errors CreateResource, UpdateResource and DeleteResource may answer with (the model's `errors` of each). */
export const WRITE_ERRORS = [
  'AlreadyExistsException', 'ClientTokenConflictException', 'ConcurrentOperationException', 'GeneralServiceException',
  'HandlerFailureException', 'HandlerInternalFailureException', 'InvalidCredentialsException', 'InvalidRequestException',
  'NetworkFailureException', 'NotStabilizedException', 'NotUpdatableException', 'PrivateTypeException',
  'ResourceConflictException', 'ResourceNotFoundException', 'ServiceInternalErrorException', 'ServiceLimitExceededException',
  'ThrottlingException', 'TypeNotFoundException', 'UnsupportedActionException',
] as const satisfies readonly ServiceErrorName[];

/** The model's HandlerErrorCode enum: the ErrorCode of a request whose handler failed. */
export const HANDLER_ERROR_CODES = [
  'NotUpdatable', 'InvalidRequest', 'AccessDenied', 'UnauthorizedTaggingOperation', 'InvalidCredentials', 'AlreadyExists',
  'NotFound', 'ResourceConflict', 'Throttling', 'ServiceLimitExceeded', 'NotStabilized', 'GeneralServiceException',
  'ServiceInternalError', 'ServiceTimeout', 'NetworkFailure', 'InternalFailure',
] as const;

export class ServiceError extends Error {
  readonly status: number;

  constructor(
    readonly errorName: ServiceErrorName,
    message: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[errorName];
  }
}
