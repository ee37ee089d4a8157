import { readDataFile } from './data-files';

/** Everything the gateway and the emulator know about the resource type comes from its schema. */
export const IMAGE_PIPELINE_TYPE = 'AWS::ImageBuilder::ImagePipeline';

/** A CloudFormation resource model: PascalCase property names, as Cloud Control sends them. */
export type ResourceModel = Record<string, unknown>;

export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  description?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: string[];
};

export const resourceSchema = readDataFile<JsonSchema & {
  definitions: Record<string, JsonSchema>;
  oneOf: { required: string[] }[];
  readOnlyProperties: string[];
  createOnlyProperties: string[];
  handlers: Record<'create' | 'read' | 'update' | 'delete' | 'list', { permissions: string[] }>;
}>('cloudformation/aws-imagebuilder-imagepipeline.json');

const propertyName = (pointer: string) => pointer.replace(/^\/properties\//, '');

/** Top-level properties Cloud Control sets itself (`Arn`, `DeploymentId`). */
export const READ_ONLY_PROPERTIES: readonly string[] = resourceSchema.readOnlyProperties.map(propertyName);
/** Top-level properties that can only be set at creation (`Name`). */
export const CREATE_ONLY_PROPERTIES: readonly string[] = resourceSchema.createOnlyProperties.map(propertyName);

/**
 * The schema's `oneOf` lists alternative required sets; what they share is always required, and
 * the members they differ in are mutually exclusive alternatives (one recipe or the other).
 */
const requiredSets = resourceSchema.oneOf.map((branch) => branch.required);
export const ALWAYS_REQUIRED: readonly string[] = requiredSets[0]!.filter((p) => requiredSets.every((set) => set.includes(p)));
export const EXACTLY_ONE_OF: readonly string[] = [
  ...new Set(requiredSets.flat().filter((p) => !ALWAYS_REQUIRED.includes(p))),
].sort();

/** The IAM permissions each handler needs, to tell a caller what a denied request was missing. */
export function handlerPermissions(handler: keyof typeof resourceSchema.handlers): string[] {
  return [...resourceSchema.handlers[handler].permissions];
}

export function resolveRef(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/definitions/', '');
  const target = resourceSchema.definitions[name];
  if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
  // The property's own description is more specific than the definition's.
  return { ...target, ...(schema.description ? { description: schema.description } : {}) };
}

/** Whether a (resolved) schema is a string-to-string map such as Tags. */
export function isMapSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' && !schema.properties && !!schema.patternProperties;
}

/**
 * The sub-schema at a path of property names (`['Schedule', 'Timezone']`); array steps are
 * written as `'*'`, map keys as any string. Undefined when the path leaves the schema.
 */
export function schemaAt(path: readonly string[]): JsonSchema | undefined {
  let current: JsonSchema = { type: 'object', properties: resourceSchema.properties };
  for (const step of path) {
    current = resolveRef(current);
    let next: JsonSchema | undefined;
    if (current.type === 'array') next = step === '*' ? current.items : undefined;
    else if (isMapSchema(current)) next = Object.values(current.patternProperties!)[0];
    else next = current.properties?.[step];
    if (!next) return undefined;
    current = next;
  }
  return resolveRef(current);
}

export function describeProperty(path: readonly string[]): string | undefined {
  return schemaAt(path)?.description;
}

export function describeDefinition(name: string): string | undefined {
  return resourceSchema.definitions[name]?.description;
}

/**
 * Whether a list result carries the whole model rather than just the identifier: Cloud Control
 * only promises the identifier, and some list handlers return everything. A complete model has
 * every always-required property.
 */
export function isCompleteModel(properties: ResourceModel): boolean {
  return ALWAYS_REQUIRED.every((property) => properties[property] !== undefined);
}
