import type { ResourceModel } from '../resources/handler-rules';
import { IMAGE_BUILDER_MODEL as MODEL } from './api-model';

/**
 * A Cloud Control model (PascalCase, as CloudFormation names properties) in one of the Image
 * Builder API's shapes (camelCase, as the API names members), walked by the API shape: each
 * member takes the property of the same name with its first letter upper-cased, structures,
 * lists and maps are converted member by member, and what the shape does not declare (a
 * pipeline's DeploymentId, a recipe's write-only template URI) is left out.
 */

/** Members whose CloudFormation property is not simply the member's name capitalised, by shape. */
const PROPERTY_NAMES: Record<string, Record<string, string>> = {
  AmiDistributionConfiguration: { launchPermission: 'LaunchPermissionConfiguration' },
};

const propertyOf = (shapeName: string, member: string) => PROPERTY_NAMES[shapeName]?.[member] ?? member.charAt(0).toUpperCase() + member.slice(1);

export function toApiShape(value: unknown, shapeName: string): unknown {
  const shape = MODEL.shapes[shapeName];
  if (!shape || value === undefined || value === null) return value;
  if (shape.type === 'structure') {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    const model = value as ResourceModel;
    const converted: Record<string, unknown> = {};
    for (const [member, { shape: memberShape }] of Object.entries(shape.members ?? {})) {
      const property = model[propertyOf(shapeName, member)];
      if (property !== undefined) converted[member] = toApiShape(property, memberShape);
    }
    return converted;
  }
  if (shape.type === 'list') return Array.isArray(value) ? value.map((item) => toApiShape(item, shape.member!.shape)) : undefined;
  if (shape.type === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return undefined;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, toApiShape(item, shape.value!.shape)]));
  }
  return value;
}

/** A model as a structure of the API (`ImagePipeline`, `ImageRecipe`, …). */
export const asApiStructure = (model: ResourceModel, shapeName: string) => toApiShape(model, shapeName) as Record<string, unknown>;
