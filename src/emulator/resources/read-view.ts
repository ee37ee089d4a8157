import type { ResourceModel } from './handler-rules';
import { withoutPaths } from './model-paths';
import type { ResourceType } from './resource-types';

/**
 * A model as a read handler returns it: with what the service derives on read (LatestVersion),
 * and without the write-only properties, which the resource contract never returns.
 * `siblings` are the type's resources in the same account and region.
 */
export function readView(type: ResourceType, model: ResourceModel, siblings: () => readonly ResourceModel[]): ResourceModel {
  const derived = type.rules.derived ? { ...model, ...type.rules.derived(model, siblings()) } : model;
  return withoutPaths(derived, type.writeOnly);
}
