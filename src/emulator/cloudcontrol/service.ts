import type { AwsService } from '../aws-service';
import { CLOUD_CONTROL_COMMON_ERRORS, CloudControlError, WRITE_ERRORS } from './errors';
import type { OperationContext } from '../operation-context';
import { getResource, listResources } from './read-operations';
import { cancelResourceRequest, getResourceRequestStatus, listResourceRequests } from './request-operations';
import { parseOperation, readBody, sendError, sendResult, SIGNING_NAME } from './wire';
import { createResource, deleteResource, updateResource } from './write-operations';

type Operation = (input: Record<string, unknown>, context: OperationContext) => unknown;

const OPERATIONS: Record<string, Operation> = {
  GetResource: getResource,
  ListResources: listResources,
  CreateResource: createResource,
  UpdateResource: updateResource,
  DeleteResource: deleteResource,
  GetResourceRequestStatus: getResourceRequestStatus,
  ListResourceRequests: listResourceRequests,
  CancelResourceRequest: cancelResourceRequest,
};

const WRITES = new Set(['CreateResource', 'UpdateResource', 'DeleteResource']);

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The Cloud Control API (JSON 1.0, `X-Amz-Target: CloudApiService.<Operation>`). */
export const cloudControl: AwsService = {
  signingName: SIGNING_NAME,
  errors: CLOUD_CONTROL_COMMON_ERRORS,
  async readCall(request) {
    if (request.method !== 'POST') throw new CloudControlError('UnknownOperationException', 'Cloud Control accepts POST requests only.');
    const operation = parseOperation(request.headers['x-amz-target']);
    const input = await readBody(request);
    if (!Object.prototype.hasOwnProperty.call(OPERATIONS, operation)) {
      throw new CloudControlError('UnknownOperationException', `Operation ${operation} is not supported.`);
    }
    return { operation, input };
  },
  describe: (_operation, input) => ({ typeName: text(input.TypeName), identifier: text(input.Identifier), clientToken: text(input.ClientToken) }),
  isWrite: (operation) => WRITES.has(operation),
  rejectWrite: (errorName, message) =>
    (WRITE_ERRORS as readonly string[]).includes(errorName) ? new CloudControlError(errorName as (typeof WRITE_ERRORS)[number], message) : undefined,
  acceptsHandlerFailures: true,
  invoke: (operation, input, context) => OPERATIONS[operation]!(input, context),
  sendResult,
  sendError,
};
