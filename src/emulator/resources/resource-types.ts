import { dataFilesIn, readDataFile } from '../data-files';
import { parsePointer } from '../json-pointer';
import { apiConstraintSchema } from './api-constraints';
import { HANDLER_RULES, type HandlerRules } from './handler-rules';
import { compileSchema, type SchemaCheck } from './schema-validator';

/** A CloudFormation registry schema, as data/cloudformation/ holds it (DescribeType's Schema). */
export interface RegistrySchema {
  typeName: string;
  properties: Record<string, unknown>;
  primaryIdentifier: string[];
  additionalIdentifiers?: string[][];
  readOnlyProperties?: string[];
  createOnlyProperties?: string[];
  writeOnlyProperties?: string[];
  [keyword: string]: unknown;
}

/** A property path relative to the model (`['LatestVersion', 'Arn']`), from `/properties/LatestVersion/Arn`. */
export type PropertyPath = readonly string[];

/** One resource type the emulator serves, everything about it read from its registry schema. */
export interface ResourceType {
  typeName: string;
  schema: RegistrySchema;
  /** The properties whose values, joined with `|`, make the primary identifier. */
  primaryIdentifier: readonly string[];
  additionalIdentifiers: readonly (readonly string[])[];
  readOnly: readonly PropertyPath[];
  createOnly: readonly PropertyPath[];
  writeOnly: readonly PropertyPath[];
  /** The registry schema: what Cloud Control checks before it accepts a request. */
  checkModel: SchemaCheck;
  /** The Image Builder API's limits: what the handler's call to the service refuses later. */
  checkWithService: SchemaCheck;
  rules: HandlerRules;
}

function propertyPath(pointer: string): PropertyPath {
  const [root, ...path] = parsePointer(pointer);
  if (root !== 'properties' || path.length === 0) throw new Error(`"${pointer}" is not a /properties/… pointer`);
  return path;
}

function topLevel(pointer: string, typeName: string): string {
  const path = propertyPath(pointer);
  if (path.length !== 1) throw new Error(`${typeName}: identifier ${pointer} is not a top-level property`);
  return path[0]!;
}

function load(path: string): ResourceType {
  const schema = readDataFile<RegistrySchema>(path);
  const { typeName } = schema;
  const rules = HANDLER_RULES[typeName];
  // A schema without handler rules would be served without ARNs; better not to start.
  if (!rules) throw new Error(`data/${path}: no handler rules for ${typeName} in resources/handler-rules.ts`);
  return {
    typeName,
    schema,
    primaryIdentifier: schema.primaryIdentifier.map((pointer) => topLevel(pointer, typeName)),
    additionalIdentifiers: (schema.additionalIdentifiers ?? []).map((set) => set.map((pointer) => topLevel(pointer, typeName))),
    readOnly: (schema.readOnlyProperties ?? []).map(propertyPath),
    createOnly: (schema.createOnlyProperties ?? []).map(propertyPath),
    writeOnly: (schema.writeOnlyProperties ?? []).map(propertyPath),
    checkModel: compileSchema(schema, 'registry'),
    checkWithService: compileSchema(apiConstraintSchema(typeName), 'handler'),
    rules,
  };
}

/** Every type whose registry schema is in data/cloudformation/, by type name. */
export const RESOURCE_TYPES: ReadonlyMap<string, ResourceType> = new Map(
  dataFilesIn('cloudformation').map((path) => {
    const type = load(path);
    return [type.typeName, type] as const;
  }),
);
