import type { ResourceModel } from './handler-rules';
import type { PropertyPath } from './resource-types';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the model holds a value at a property path. */
export function hasPath(model: ResourceModel, path: PropertyPath): boolean {
  let current: unknown = model;
  for (const step of path) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, step)) return false;
    current = current[step];
  }
  return current !== undefined;
}

/** A copy of the model without the values at these paths. */
export function withoutPaths(model: ResourceModel, paths: readonly PropertyPath[]): ResourceModel {
  if (!paths.some((path) => hasPath(model, path))) return model;
  const copy = structuredClone(model);
  for (const path of paths) {
    let parent: unknown = copy;
    for (const step of path.slice(0, -1)) parent = isObject(parent) ? parent[step] : undefined;
    if (isObject(parent)) delete parent[path[path.length - 1]!];
  }
  return copy;
}

/** Whether one path is the other or inside it: a change at either touches the other. */
export function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const shorter = Math.min(a.length, b.length);
  return a.slice(0, shorter).every((step, index) => step === b[index]);
}

export const asPointer = (path: PropertyPath) => `/properties/${path.join('/')}`;
