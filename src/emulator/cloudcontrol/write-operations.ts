import { randomUUID } from 'node:crypto';
import { pipelineArnFor } from '../resource/arn';
import { CREATE_ONLY_PROPERTIES, READ_ONLY_PROPERTIES, type ResourceModel } from '../resource/image-pipeline-type';
import { applyOperations, type PatchOperation } from '../resource/patch';
import { pathSteps, type Problem, validateModel } from '../resource/validation';
import type { OperationContext } from './emulator-state';
import { RULES, stringMember } from './input-rules';
import { parsePatchDocument } from './patch-document';
import { progressEvent } from './progress-event';
import { ServiceError } from './service-errors';
import type { HandlerOutcome } from './store';
import { parseJsonObject, requireIdentifier, requireTypeName } from './type-rules';

type Input = Record<string, unknown>;

/** CloudFormation's wording for a model that breaks the registry schema. */
function modelValidationError(problems: Problem[]): ServiceError {
  const details = problems.map((problem) => `#${problem.path}: ${problem.message}`).join('; ');
  return new ServiceError('InvalidRequestException', `Model validation failed (${details})`);
}

/**
 * The Image Builder API's own constraints are checked by the handler, so breaking them fails
 * the request asynchronously, not the call.
 */
function handlerValidation(model: ResourceModel): HandlerOutcome | undefined {
  const problems = validateModel(model, 'api');
  if (problems.length === 0) return undefined;
  return { status: 'FAILED', errorCode: 'InvalidRequest', message: problems.map((problem) => problem.message).join('; ') };
}

/**
 * Values the Image Builder API fills in when a pipeline is created without them, so a created
 * pipeline reads back the way the real read handler returns it.
 */
function withServiceDefaults(desired: ResourceModel, arn: string): ResourceModel {
  const schedule = desired.Schedule as ResourceModel | undefined;
  return {
    Arn: arn,
    Status: 'ENABLED',
    EnhancedImageMetadataEnabled: true,
    ImageTestsConfiguration: { ImageTestsEnabled: true, TimeoutMinutes: 720 },
    ...desired,
    ...(schedule && !schedule.PipelineExecutionStartCondition
      ? { Schedule: { ...schedule, PipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' } }
      : {}),
    DeploymentId: randomUUID(),
  };
}

export function createResource(input: Input, { store, settings, region }: OperationContext) {
  const typeName = requireTypeName(input);
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const desired = parseJsonObject(stringMember(input, 'DesiredState', RULES.Properties, true), 'DesiredState');
  const readOnly = READ_ONLY_PROPERTIES.filter((property) => desired[property] !== undefined);
  if (readOnly.length > 0) {
    throw new ServiceError('InvalidRequestException', `Read-only properties cannot be set: ${readOnly.map((p) => `/properties/${p}`).join(', ')}`);
  }
  const problems = validateModel(desired, 'cloudformation');
  if (problems.length > 0) throw modelValidationError(problems);
  const arn = pipelineArnFor('aws', region, settings.accountId, desired.Name as string);
  const request = store.submit({
    region,
    typeName,
    operation: 'CREATE',
    identifier: arn,
    clientToken,
    parameters: desired,
    model: desired,
    handler: () => {
      if (store.get(region, arn)) {
        return { status: 'FAILED', errorCode: 'AlreadyExists', message: `Resource of type '${typeName}' with identifier '${arn}' already exists.` };
      }
      const invalid = handlerValidation(desired);
      if (invalid) return invalid;
      const model = withServiceDefaults(desired, arn);
      store.put(region, model);
      return { status: 'SUCCESS', model };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}

/** The top-level properties a patch changes (a `test` changes nothing). */
function patchedProperties(operations: PatchOperation[]): string[] {
  return operations
    .filter((operation) => operation.op !== 'test')
    .flatMap((operation) => [operation.path, ...(operation.op === 'move' ? [operation.from] : [])])
    .map((pointer) => pathSteps(pointer)[0] ?? '');
}

function applyOrReject(model: ResourceModel, operations: PatchOperation[]): ResourceModel {
  const result = applyOperations(model, operations);
  if (result.problem) throw new ServiceError('InvalidRequestException', `Invalid patch document: ${result.problem.message}`);
  return result.model;
}

export function updateResource(input: Input, { store, region }: OperationContext) {
  const typeName = requireTypeName(input);
  const arn = requireIdentifier(input);
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const operations = parsePatchDocument(stringMember(input, 'PatchDocument', RULES.PatchDocument, true));
  const touched = patchedProperties(operations);
  const createOnly = CREATE_ONLY_PROPERTIES.filter((property) => touched.includes(property));
  if (createOnly.length > 0) {
    throw new ServiceError(
      'NotUpdatableException',
      `Invalid patch update: createOnlyProperties [${createOnly.map((p) => `/properties/${p}`).join(', ')}] cannot be updated`,
    );
  }
  const readOnly = READ_ONLY_PROPERTIES.filter((property) => touched.includes(property));
  if (readOnly.length > 0) {
    throw new ServiceError('InvalidRequestException', `Invalid patch update: readOnlyProperties [${readOnly.map((p) => `/properties/${p}`).join(', ')}] cannot be updated`);
  }
  const replayed = store.replayOf({ region, typeName, operation: 'UPDATE', identifier: arn, clientToken, parameters: operations });
  if (replayed) return { ProgressEvent: progressEvent(replayed) };
  // Cloud Control applies the patch to the current model and validates the result before it
  // accepts the request; a missing resource is the handler's to report, as FAILED NotFound.
  const current = store.get(region, arn);
  if (current) {
    const problems = validateModel(applyOrReject(current, operations), 'cloudformation');
    if (problems.length > 0) throw modelValidationError(problems);
  }
  const request = store.submit({
    region,
    typeName,
    operation: 'UPDATE',
    identifier: arn,
    clientToken,
    parameters: operations,
    handler: () => {
      const latest = store.get(region, arn);
      if (!latest) return { status: 'FAILED', errorCode: 'NotFound', message: `Resource of type '${typeName}' with identifier '${arn}' was not found.` };
      const applied = applyOperations(latest, operations);
      if (applied.problem) return { status: 'FAILED', errorCode: 'InvalidRequest', message: applied.problem.message };
      const invalid = handlerValidation(applied.model);
      if (invalid) return invalid;
      const model = { ...applied.model, DeploymentId: randomUUID() };
      store.put(region, model);
      return { status: 'SUCCESS', model };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}

export function deleteResource(input: Input, { store, region }: OperationContext) {
  const typeName = requireTypeName(input);
  const arn = requireIdentifier(input);
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const request = store.submit({
    region,
    typeName,
    operation: 'DELETE',
    identifier: arn,
    clientToken,
    parameters: null,
    handler: () => {
      if (!store.get(region, arn)) {
        return { status: 'FAILED', errorCode: 'NotFound', message: `Resource of type '${typeName}' with identifier '${arn}' was not found.` };
      }
      store.delete(region, arn);
      return { status: 'SUCCESS' };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}
