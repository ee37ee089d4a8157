import { applyPatch, type PatchOperation } from '../json-patch';
import { parsePointer } from '../json-pointer';
import { imageBuilderArn } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import { asPointer, hasPath, overlaps } from '../resources/model-paths';
import { readView } from '../resources/read-view';
import type { PropertyPath, ResourceType } from '../resources/resource-types';
import { CloudControlError } from './errors';
import type { HandlerOutcome } from '../store';
import type { OperationContext } from '../operation-context';
import { RULES, stringMember } from './input-rules';
import { parseJsonObject, primaryIdentifierOf, requireIdentifier, requireType } from './members';
import { parsePatchDocument } from './patch-document';
import { progressEvent } from './progress-event';
import { notFound } from './read-operations';

type Input = Record<string, unknown>;

/** Cloud Control's envelope for a model that breaks the registry schema: `Model validation failed (#/Path: reason)`. */
function modelValidationError(problems: string[]): CloudControlError {
  return new CloudControlError('InvalidRequestException', `Model validation failed (${problems.join('; ')})`);
}

/** The service refused what the handler sent it: the request fails, the call that started it had succeeded. */
function refusedByService(type: ResourceType, model: ResourceModel): HandlerOutcome | undefined {
  const problems = type.checkWithService(model);
  if (problems.length === 0) return undefined;
  return { status: 'FAILED', errorCode: 'InvalidRequest', message: `Image Builder refused the request: ${problems.join('; ')}` };
}

const pointers = (paths: readonly PropertyPath[]) => paths.map(asPointer).join(', ');

export function createResource(input: Input, { store, place, handlerFailure }: OperationContext) {
  const type = requireType(input);
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const desired = parseJsonObject(stringMember(input, 'DesiredState', RULES.Properties, true), 'DesiredState');
  const readOnly = type.readOnly.filter((path) => hasPath(desired, path));
  if (readOnly.length > 0) throw new CloudControlError('InvalidRequestException', `Read-only properties cannot be set: ${pointers(readOnly)}`);
  const problems = type.checkModel(desired);
  if (problems.length > 0) throw modelValidationError(problems);
  const arn = imageBuilderArn(place, type.rules.arnResource(desired));
  const identifier = primaryIdentifierOf(type, { ...desired, Arn: arn });
  const identity = type.rules.identity ?? ((value: string) => value);
  const request = store.submit({
    place,
    typeName: type.typeName,
    operation: 'CREATE',
    identifier,
    clientToken,
    parameters: desired,
    model: desired,
    handler: () => {
      if (handlerFailure) return { status: 'FAILED', ...handlerFailure };
      if (store.models(place, type.typeName).some((model) => identity(String(model.Arn)) === identity(arn))) {
        return { status: 'FAILED', errorCode: 'AlreadyExists', message: `Resource of type '${type.typeName}' with identifier '${identifier}' already exists.` };
      }
      const refused = refusedByService(type, desired);
      if (refused) return refused;
      const model = { Arn: arn, ...(type.rules.createDefaults?.(desired) ?? desired) };
      store.put(place, type.typeName, identifier, model);
      return { status: 'SUCCESS', model: readView(type, model, () => store.models(place, type.typeName)) };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}

/** The property paths a patch changes: every operation's path, and a move's source (a `test` changes nothing). */
function changedPaths(operations: PatchOperation[]): PropertyPath[] {
  return operations.flatMap((operation) => {
    if (operation.op === 'test') return [];
    return [parsePointer(operation.path), ...(operation.op === 'move' ? [parsePointer(operation.from)] : [])];
  });
}

function applyOrRefuse(model: ResourceModel, operations: PatchOperation[]): ResourceModel {
  const result = applyPatch(model, operations);
  if (!result.ok) throw new CloudControlError('InvalidRequestException', `Invalid patch document: ${result.message}`);
  return result.document as ResourceModel;
}

export function updateResource(input: Input, { store, place, handlerFailure }: OperationContext) {
  const type = requireType(input);
  const siblings = () => store.models(place, type.typeName);
  const identifier = requireIdentifier(input, type, siblings);
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const operations = parsePatchDocument(stringMember(input, 'PatchDocument', RULES.PatchDocument, true));
  const changed = changedPaths(operations);
  const touches = (paths: readonly PropertyPath[]) => paths.filter((path) => changed.some((change) => overlaps(change, path)));
  const createOnly = touches(type.createOnly);
  if (createOnly.length > 0) {
    throw new CloudControlError('NotUpdatableException', `Invalid patch update: createOnlyProperties [${pointers(createOnly)}] cannot be updated`);
  }
  const readOnly = touches(type.readOnly);
  if (readOnly.length > 0) {
    throw new CloudControlError('InvalidRequestException', `Invalid patch update: readOnlyProperties [${pointers(readOnly)}] cannot be updated`);
  }
  const replayed = store.replayOf({ place, typeName: type.typeName, operation: 'UPDATE', identifier, clientToken, parameters: operations });
  if (replayed) return { ProgressEvent: progressEvent(replayed) };
  // Cloud Control applies the patch to the current model and validates the result before it
  // accepts the request; a missing resource is the handler's to report, as FAILED NotFound.
  const current = store.get(place, type.typeName, identifier);
  if (current) {
    const problems = type.checkModel(applyOrRefuse(current, operations));
    if (problems.length > 0) throw modelValidationError(problems);
  }
  const request = store.submit({
    place,
    typeName: type.typeName,
    operation: 'UPDATE',
    identifier,
    clientToken,
    parameters: operations,
    handler: () => {
      if (handlerFailure) return { status: 'FAILED', ...handlerFailure };
      const latest = store.get(place, type.typeName, identifier);
      if (!latest) return { status: 'FAILED', errorCode: 'NotFound', message: notFound(type, identifier) };
      const applied = applyPatch(latest, operations);
      if (!applied.ok) return { status: 'FAILED', errorCode: 'InvalidRequest', message: applied.message };
      const patched = applied.document as ResourceModel;
      const refused = refusedByService(type, patched);
      if (refused) return refused;
      const model = type.rules.afterUpdate?.(patched) ?? patched;
      store.put(place, type.typeName, identifier, model);
      return { status: 'SUCCESS', model: readView(type, model, siblings) };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}

export function deleteResource(input: Input, { store, place, handlerFailure }: OperationContext) {
  const type = requireType(input);
  const identifier = requireIdentifier(input, type, () => store.models(place, type.typeName));
  const clientToken = stringMember(input, 'ClientToken', RULES.ClientToken);
  const request = store.submit({
    place,
    typeName: type.typeName,
    operation: 'DELETE',
    identifier,
    clientToken,
    parameters: null,
    handler: () => {
      if (handlerFailure) return { status: 'FAILED', ...handlerFailure };
      if (!store.get(place, type.typeName, identifier)) return { status: 'FAILED', errorCode: 'NotFound', message: notFound(type, identifier) };
      store.delete(place, type.typeName, identifier);
      return { status: 'SUCCESS' };
    },
  });
  return { ProgressEvent: progressEvent(request) };
}
