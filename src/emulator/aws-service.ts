import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OperationContext } from './operation-context';
import type { CommonErrors, ServiceError } from './service-errors';

/** What a call is about, for the call log, holds and faults. */
export interface CallSubject {
  typeName?: string;
  /** The resource the call names: a Cloud Control Identifier, an Image Builder ARN, the role an AssumeRole asks for. */
  identifier?: string;
  clientToken?: string;
}

/**
 * One AWS service on the emulator's port. The HTTP entry picks it by the signing name in the
 * call's SigV4 credential scope, as AWS's own front door routes by host; each service brings its
 * wire protocol (how an operation and its input are read, how results and errors are written),
 * its errors and its operations.
 */
export interface AwsService {
  /** The SigV4 signing name (`cloudcontrolapi`, `imagebuilder`, `sts`). */
  signingName: string;
  /** Its words for what every service answers (throttling, denial, expired credentials, …). */
  errors: CommonErrors;
  /** Reads the operation and its input from the request, or throws the protocol's error. */
  readCall(request: IncomingMessage): Promise<{ operation: string; input: Record<string, unknown> }>;
  describe(operation: string, input: Record<string, unknown>): CallSubject;
  /** Whether the operation changes something (the calls the write faults apply to). */
  isWrite(operation: string): boolean;
  /** The error a write refused by the `rejectWrites` fault answers with, when the model declares that name for the service's writes. */
  rejectWrite(errorName: string, message: string): ServiceError | undefined;
  /** Whether its writes are requests a handler completes later, which the `failWrites` fault can fail (Cloud Control's). */
  acceptsHandlerFailures: boolean;
  /** Runs the operation; a ServiceError is the answer to send. */
  invoke(operation: string, input: Record<string, unknown>, context: OperationContext): unknown;
  sendResult(response: ServerResponse, result: unknown): void;
  sendError(response: ServerResponse, error: ServiceError): void;
}
