/**
 * An error a service answers with: its name (the error code on the wire), HTTP status and
 * message. Names and statuses are each service's own, read from its model: Cloud Control's in
 * cloudcontrol/errors.ts, Image Builder's in imagebuilder/errors.ts, STS's in sts/errors.ts.
 */
export class ServiceError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * What every AWS service answers in its own words: the same situation has a different name and
 * status in each (being throttled is Cloud Control's ThrottlingException, Image Builder's
 * CallRateLimitExceededException, STS's Throttling). Code that serves every service (the HTTP
 * entry, the faults) asks the called service for its error through this.
 */
export interface CommonErrors {
  /** A call without a SigV4 Authorization header. */
  missingAuthentication(): ServiceError;
  /** A signature that cannot be read, or is scoped to a service this endpoint does not serve. */
  invalidSignature(message: string): ServiceError;
  /** Temporary credentials past their expiration. */
  expiredToken(): ServiceError;
  /** An access key or session token this endpoint never issued. */
  unrecognizedClient(): ServiceError;
  /** The caller may not perform the operation (the `denyOperations` fault). */
  accessDenied(operation: string): ServiceError;
  /** The API's own rate limit (the `ratePerSecond` fault). */
  throttling(): ServiceError;
  /** An internal failure of the service (the `failureRate` fault), or of the emulator. */
  internalFailure(message: string): ServiceError;
}
