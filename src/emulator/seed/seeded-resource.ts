import { createHash } from 'node:crypto';
import { imageBuilderArn, type Place } from '../resources/arns';
import { HANDLER_RULES, type ResourceModel } from '../resources/handler-rules';

/**
 * One resource of the demo data: where it lives, its type, and its model as the service keeps it
 * (write-only values included; reads add LatestVersion).
 */
export interface SeededResource {
  account: string;
  region: string;
  typeName: string;
  model: ResourceModel;
}

/** The ARN a resource of this type and these properties gets, by the same rule a create follows. */
export function seededArn(typeName: string, place: Place, properties: ResourceModel): string {
  return imageBuilderArn(place, HANDLER_RULES[typeName]!.arnResource(properties));
}

/**
 * A demo resource: its ARN by the create rule (a workflow may name a later build of its version,
 * as Image Builder numbers rebuilds), then its properties.
 */
export function seeded(typeName: string, place: Place, properties: ResourceModel, options: { build?: number } = {}): SeededResource {
  let arn = seededArn(typeName, place, properties);
  if (options.build !== undefined) arn = arn.replace(/\/\d+$/, `/${options.build}`);
  return { ...place, typeName, model: { Arn: arn, ...properties } };
}

/** A stable, uuid-shaped id, so a fresh emulator always serves the same demo data. */
export function deploymentIdFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
