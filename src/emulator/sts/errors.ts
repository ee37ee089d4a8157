import { loadModel } from '../botocore-model';
import { type CommonErrors, ServiceError } from '../service-errors';

export const STS_MODEL = loadModel('sts/service-2.json');

/**
 * The errors every query-protocol API shares (AWS's "Common Errors", not in any service's
 * model), with the codes and statuses STS answers them with.
 */
const COMMON_QUERY_ERRORS: Record<string, number> = {
  AccessDenied: 403,
  ExpiredToken: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  MissingAction: 400,
  MissingAuthenticationToken: 403,
  Throttling: 400,
  ValidationError: 400,
};

/** STS's modelled errors by their wire code (`MalformedPolicyDocument`, not the shape's name), with their statuses. */
const MODELLED_ERRORS: Record<string, number> = Object.fromEntries(
  Object.entries(STS_MODEL.shapes)
    .filter(([, shape]) => shape.exception && shape.error?.httpStatusCode)
    .map(([name, shape]) => [shape.error?.code ?? name, shape.error!.httpStatusCode!]),
);


export class StsError extends ServiceError {
  constructor(code: string, message: string) {
    const status = MODELLED_ERRORS[code] ?? COMMON_QUERY_ERRORS[code];
    if (status === undefined) throw new Error(`STS has no error ${code}`);
    super(code, message, status);
  }
}

export const STS_COMMON_ERRORS: CommonErrors = {
  missingAuthentication: () => new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token'),
  invalidSignature: (message) => new StsError('IncompleteSignature', message),
  expiredToken: () => new StsError('ExpiredToken', 'The security token included in the request is expired'),
  unrecognizedClient: () => new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
  accessDenied: (operation) => new StsError('AccessDenied', `User is not authorized to perform: sts:${operation}`),
  throttling: () => new StsError('Throttling', 'Rate exceeded'),
  internalFailure: (message) => new StsError('InternalFailure', message),
};
