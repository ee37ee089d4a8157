import { IMAGE_PIPELINE } from './image-pipeline';
import type { ResourceModel } from './registry-schema';
import type { PatchOperation } from './patch';
import { type Problem, validateValueAt } from './validation';

const PROPERTY_ORDER = Object.keys(IMAGE_PIPELINE.schema.properties);

/**
 * Typed changes as RFC 6902 operations. Each property given replaces that property whole (as the
 * handler contract applies lists and objects in full); `null` removes it. The document depends on
 * the changes alone, never on the pipeline's current state, so a retried mutation sends the same
 * document and Cloud Control can recognise the retry by its client token.
 */
export function changesToOperations(changes: ResourceModel): PatchOperation[] {
  return PROPERTY_ORDER.filter((property) => changes[property] !== undefined).flatMap((property): PatchOperation[] => {
    const path = `/${property}`;
    const value = changes[property];
    // `remove` fails on an absent member; adding null first makes removal valid either way.
    if (value === null) return [{ op: 'add', path, value: null }, { op: 'remove', path }];
    return [{ op: 'add', path, value }];
  });
}

/** Each change checked against the schema and the API's limits, before any call. */
export function checkChanges(changes: ResourceModel): Problem[] {
  return Object.entries(changes).flatMap(([property, value]): Problem[] => {
    if (value === undefined) return [];
    const path = `/${property}`;
    if (value === null) {
      return IMAGE_PIPELINE.schema.alwaysRequired.includes(property) ? [{ path, rule: 'required', message: `${path} is required and cannot be removed` }] : [];
    }
    return validateValueAt([property], value, path);
  });
}
