import { builder } from '../builder';
import type { ResourceRequestState } from '../upstream/cloudcontrol/progress';
import type { Problem } from '../resources/validation';
import { ResourceRequest } from './resource-request';

/** A Problem with the GraphQL input field it came from, when there is one. */
export interface FieldProblem extends Problem {
  field: string | null;
}

export class ValidationFailed extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(
      problems.length === 1
        ? `The change is invalid: ${problems[0]!.message}.`
        : `The change is invalid (${problems.length} problems): ${problems.map((p) => p.message).join('; ')}.`,
    );
  }
}

export class PipelineNotFound extends Error {
  constructor(
    readonly arn: string,
    readonly region: string,
    readonly request: ResourceRequestState | null = null,
  ) {
    super(`Image pipeline ${arn} does not exist in ${region}.`);
  }
}

/** An image build a write names does not exist: a NotFoundError too, one fragment selects both. */
export class ImageNotFound extends PipelineNotFound {
  constructor(arn: string, region: string) {
    super(arn, region);
    this.message = `Image ${arn} does not exist in ${region}.`;
  }
}

export class PipelineAlreadyExists extends Error {
  constructor(
    readonly arn: string | null,
    message: string,
    readonly request: ResourceRequestState | null = null,
  ) {
    super(message);
  }
}

export class NotUpdatable extends Error {
  constructor(
    message: string,
    readonly request: ResourceRequestState | null = null,
  ) {
    super(message);
  }
}

export type ConflictReason = 'CONCURRENT_OPERATION' | 'CLIENT_TOKEN_CONFLICT' | 'RESOURCE_CONFLICT' | 'NOT_CANCELLABLE';

export class Conflict extends Error {
  constructor(
    readonly reason: ConflictReason,
    message: string,
  ) {
    super(message);
  }
}

export class RequestFailed extends Error {
  constructor(readonly request: ResourceRequestState) {
    super(`Cloud Control ${request.operation} request ${request.requestToken} failed (${request.errorCode ?? 'no error code'}): ${request.statusMessage ?? 'no message'}`);
  }
}

export class RequestNotFound extends Error {
  constructor(
    readonly requestToken: string,
    readonly region: string,
  ) {
    super(`No resource request with token ${requestToken} is known in ${region} (requests are kept for 7 days).`);
  }
}

// Error fields share names and types across the result unions, so one client fragment can
// select any of them; hence `failedRequest` (always nullable) beside the payload's `request`.
const FAILED_REQUEST = 'The Cloud Control request that failed, when the refusal came as a FAILED request.';

export const MutationError = builder.interfaceRef<Error>('MutationError').implement({
  description: 'An expected reason a mutation did not apply; the mutation changed nothing unless its request says otherwise.',
  fields: (t) => ({ message: t.exposeString('message', { description: 'What went wrong and what to do about it, for people.' }) }),
});

const ValidationProblem = builder.objectRef<FieldProblem>('ValidationProblem').implement({
  description: 'One reason an input is invalid.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The CloudFormation property path (JSON pointer), such as /ImageTestsConfiguration/TimeoutMinutes.' }),
    field: t.exposeString('field', { nullable: true, description: 'The GraphQL input field, such as changes.imageTestsConfiguration.timeoutMinutes.' }),
    rule: t.exposeString('rule', {
      description:
        'The rule broken: a JSON Schema keyword (minimum, enum, pattern, minLength, maxLength, type, required…) or readOnly, createOnly, unknownProperty, oneOf, ' +
        'malformedOperation, testFailed; cloudControl or imageBuilder when the service itself refused the request as invalid.',
    }),
    message: t.exposeString('message', { description: 'What is wrong, and what is allowed.' }),
  }),
});

builder.objectType(ValidationFailed, {
  name: 'ValidationError',
  description:
    'The input is invalid: it breaks the resource schema or the API model (nothing was sent), or the service refused it as invalid (rule cloudControl or imageBuilder). Nothing was changed.',
  interfaces: [MutationError],
  fields: (t) => ({ problems: t.field({ type: [ValidationProblem], description: 'Every problem found, each with its property path and input field.', resolve: (error) => error.problems }) }),
});

builder.objectType(PipelineNotFound, {
  name: 'NotFoundError',
  description: 'The pipeline (or, for cancelImageCreation, the image build) the write names does not exist.',
  interfaces: [MutationError],
  fields: (t) => ({
    // Nullable like AlreadyExistsError.arn, so one client fragment can select both.
    arn: t.exposeString('arn', { nullable: true, description: 'The ARN of the pipeline (or image build) that does not exist.' }),
    failedRequest: t.field({ type: ResourceRequest, nullable: true, description: FAILED_REQUEST, resolve: (error) => error.request }),
  }),
});

builder.objectType(PipelineAlreadyExists, {
  name: 'AlreadyExistsError',
  description: 'A pipeline with this name already exists in the region.',
  interfaces: [MutationError],
  fields: (t) => ({
    arn: t.exposeString('arn', { nullable: true, description: 'The ARN of the pipeline that already exists, when known.' }),
    failedRequest: t.field({ type: ResourceRequest, nullable: true, description: FAILED_REQUEST, resolve: (error) => error.request }),
  }),
});

builder.objectType(NotUpdatable, {
  name: 'NotUpdatableError',
  description: 'Cloud Control refused to change a property that can only be set at creation.',
  interfaces: [MutationError],
  fields: (t) => ({ failedRequest: t.field({ type: ResourceRequest, nullable: true, description: FAILED_REQUEST, resolve: (error) => error.request }) }),
});

const ConflictReasonEnum = builder.enumType('ConflictReason', {
  description: 'Why a write clashed with another.',
  values: {
    CONCURRENT_OPERATION: { description: 'Another write to this pipeline is still in progress; retry when it finishes.' },
    CLIENT_TOKEN_CONFLICT: { description: "The client token was already used for a different request (Image Builder's IdempotentParameterMismatchException)." },
    RESOURCE_CONFLICT: { description: "The pipeline or image is busy (Cloud Control's ResourceConflictException, Image Builder's ResourceInUseException); retry later." },
    NOT_CANCELLABLE: { description: 'The request has already finished and cannot be cancelled.' },
  },
});

builder.objectType(Conflict, {
  name: 'ConflictError',
  description: 'The write clashes with another one, or with what the resource is doing; nothing was changed.',
  interfaces: [MutationError],
  fields: (t) => ({ reason: t.field({ type: ConflictReasonEnum, description: 'Which clash it was.', resolve: (error) => error.reason }) }),
});

builder.objectType(RequestFailed, {
  name: 'RequestFailedError',
  description: 'Cloud Control accepted the request, but its handler failed it (OperationStatus FAILED).',
  interfaces: [MutationError],
  fields: (t) => ({
    errorCode: t.string({ nullable: true, description: 'The handler error code, such as InvalidRequest or Throttling.', resolve: (error) => error.request.errorCode }),
    failedRequest: t.field({ type: ResourceRequest, nullable: true, description: FAILED_REQUEST, resolve: (error) => error.request }),
  }),
});

builder.objectType(RequestNotFound, {
  name: 'RequestNotFoundError',
  description: 'Cloud Control knows no request with this token in this region.',
  interfaces: [MutationError],
  fields: (t) => ({
    requestToken: t.exposeString('requestToken', { description: 'The token that is not known.' }),
    region: t.exposeString('region', { description: 'The region it was looked for in.' }),
  }),
});

export const WRITE_ERRORS = [ValidationFailed, PipelineNotFound, PipelineAlreadyExists, NotUpdatable, Conflict, RequestFailed];
