import { applyPatch, deepClone, type Operation, validate as validateShape } from 'fast-json-patch';
import { IMAGE_PIPELINE } from './image-pipeline';
import type { ResourceModel } from './registry-schema';

const schema = IMAGE_PIPELINE.schema;
import { pathSteps, type Problem, validateValueAt } from './validation';

export type PatchOperation = Operation;

const MODIFYING_OPS = new Set(['add', 'remove', 'replace', 'move', 'copy']);

/**
 * Checks one RFC 6902 operation against the resource schema without looking at any pipeline:
 * malformed operations, unknown paths, read-only and create-only paths, values of the wrong
 * type or out of range, and removal of required properties. What needs the current model
 * (whether a path exists, `test` outcomes) is checked by applyOperations. `index` is the
 * operation's place in the document, for the messages.
 */
export function checkPatchOperation(raw: unknown, index: number): Problem[] {
  const label = `patchOperations[${index}]`;
  const shapeError = validateShape([raw as Operation]);
  if (shapeError) {
    const path = typeof (raw as { path?: unknown })?.path === 'string' ? (raw as { path: string }).path : '';
    return [{ path, rule: 'malformedOperation', message: `${label} is not a valid RFC 6902 operation: ${firstLine(shapeError.message)}` }];
  }
  const operation = raw as Operation;
  const problems = checkPath(operation.path, operation.op, label);
  if ((operation.op === 'move' || operation.op === 'copy') && 'from' in operation) {
    problems.push(...checkPath(operation.from, operation.op === 'move' ? 'remove' : 'test', `${label}.from`));
  }
  if (problems.length > 0) return problems;
  if (operation.op === 'add' || operation.op === 'replace') {
    return validateValueAt(pathSteps(operation.path), operation.value, operation.path).map((problem) => ({
      ...problem,
      message: `${label}: ${problem.message}`,
    }));
  }
  if (operation.op === 'remove') return checkRemoval(operation.path, label);
  return [];
}

function checkPath(pointer: string, op: string, label: string): Problem[] {
  const steps = pathSteps(pointer);
  const [property] = steps;
  if (!property) {
    return [{ path: pointer, rule: 'wholeDocument', message: `${label} targets the whole model; patch individual properties such as /Description` }];
  }
  if (!schema.at(steps)) {
    return [{ path: pointer, rule: 'unknownProperty', message: `${label}: ${pointer} is not a property of an image pipeline` }];
  }
  if (!MODIFYING_OPS.has(op)) return [];
  if (schema.readOnlyProperties.includes(property)) {
    return [{ path: pointer, rule: 'readOnly', message: `${label}: /${property} is read-only; Cloud Control sets it and it cannot be changed` }];
  }
  if (schema.createOnlyProperties.includes(property)) {
    return [{
      path: pointer,
      rule: 'createOnly',
      message: `${label}: /${property} can only be set when the pipeline is created; changing it means creating a new pipeline`,
    }];
  }
  return [];
}

function checkRemoval(pointer: string, label: string): Problem[] {
  const steps = pathSteps(pointer);
  const last = steps[steps.length - 1]!;
  const required = steps.length === 1 ? schema.alwaysRequired : (schema.at(steps.slice(0, -1))?.required ?? []);
  if (!required.includes(last)) return [];
  return [{ path: pointer, rule: 'required', message: `${label}: ${pointer} is required and cannot be removed` }];
}

/** Applies operations to a copy of the model; the first failing operation becomes a Problem. */
export function applyOperations(model: ResourceModel, operations: readonly PatchOperation[]):
  | { model: ResourceModel; problem?: undefined }
  | { problem: Problem; index: number; model?: undefined } {
  try {
    return { model: applyPatch(deepClone(model), deepClone(operations), true, true).newDocument as ResourceModel };
  } catch (error) {
    const failed = error as { index?: number; operation?: Operation; message: string; name?: string };
    const index = failed.index ?? 0;
    const rule = failed.name === 'TEST_OPERATION_FAILED' ? 'testFailed' : 'patchApplication';
    const message = `patchOperations[${index}] cannot be applied: ${firstLine(failed.message)}`;
    return { problem: { path: failed.operation?.path ?? '', rule, message }, index };
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
