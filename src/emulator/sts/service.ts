import type { AwsService } from '../aws-service';
import type { OperationContext } from '../operation-context';
import { STS_COMMON_ERRORS, StsError, STS_MODEL } from './errors';
import { assumeRole, getCallerIdentity } from './operations';
import { type QueryResult, readInput, readParameters, sendError, sendResult } from './wire';

type Operation = (input: Record<string, unknown>, context: OperationContext) => QueryResult;

const OPERATIONS: Record<string, Operation> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};

/** AWS STS (the query protocol, Version 2011-06-15): who a key belongs to, and keys for roles in other accounts. */
export const sts: AwsService = {
  signingName: 'sts',
  errors: STS_COMMON_ERRORS,
  async readCall(request) {
    if (request.method !== 'POST' && request.method !== 'GET') throw new StsError('InvalidAction', 'STS accepts POST and GET requests only.');
    const parameters = await readParameters(request);
    const action = parameters.get('Action');
    if (!action) throw new StsError('MissingAction', 'Missing Action');
    const version = parameters.get('Version');
    if (!Object.prototype.hasOwnProperty.call(OPERATIONS, action) || version !== STS_MODEL.metadata.apiVersion) {
      const served = STS_MODEL.operations[action] && version === STS_MODEL.metadata.apiVersion ? ' (this emulator serves AssumeRole and GetCallerIdentity)' : '';
      throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}${served}`);
    }
    const inputShape = STS_MODEL.operations[action]!.input?.shape;
    return { operation: action, input: inputShape ? readInput(STS_MODEL, inputShape, parameters) : {} };
  },
  describe: (operation, input) => (operation === 'AssumeRole' && typeof input.RoleArn === 'string' ? { identifier: input.RoleArn } : {}),
  isWrite: () => false,
  rejectWrite: () => undefined,
  acceptsHandlerFailures: false,
  invoke: (operation, input, context) => OPERATIONS[operation]!(input, context),
  sendResult: (response, result) => sendResult(response, result as QueryResult, STS_MODEL),
  sendError: (response, error) => sendError(response, error, STS_MODEL),
};
