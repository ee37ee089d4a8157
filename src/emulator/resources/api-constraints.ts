import { dataFilesIn, readDataFile } from '../data-files';
import { IMAGE_BUILDER_MODEL } from '../imagebuilder/api-model';

/**
 * The Image Builder API's own limits on what a handler sends it. Cloud Control validates a
 * desired state against the registry schema only; the handler then calls Image Builder, which
 * refuses values the schema lets through (a name with `!`, a timeout over 1440 minutes), and the
 * request ends FAILED. Two sources, both in data/: the API model (the Create operation's input
 * members, for top-level properties) and cfn-lint's copy of a schema with the API's constraints
 * patched in (for nested ones).
 */

type Schema = Record<string, unknown>;

const apiModel = IMAGE_BUILDER_MODEL;

/** Constraints of a string, number, list or map shape, as JSON Schema keywords (with its type, which Ajv's strict mode wants beside them). */
function scalarConstraints(shapeName: string): Schema {
  const shape = apiModel.shapes[shapeName]!;
  const [type, low, high] = {
    string: ['string', 'minLength', 'maxLength'],
    integer: ['integer', 'minimum', 'maximum'],
    long: ['integer', 'minimum', 'maximum'],
    list: ['array', 'minItems', 'maxItems'],
    map: ['object', 'minProperties', 'maxProperties'],
  }[shape.type] ?? [];
  if (!type) return {};
  const limits: Schema = { type };
  if (low && shape.min !== undefined) limits[low] = shape.min;
  if (high && shape.max !== undefined) limits[high] = shape.max;
  if (shape.type === 'string' && shape.pattern) limits.pattern = shape.pattern;
  if (shape.type === 'string' && shape.enum) limits.enum = shape.enum;
  if (shape.type === 'list' && shape.member) limits.items = scalarConstraints(shape.member.shape);
  if (shape.type === 'map' && shape.key && shape.value) {
    limits.propertyNames = scalarConstraints(shape.key.shape);
    limits.additionalProperties = scalarConstraints(shape.value.shape);
  }
  return limits;
}

/** The registry property a Create input member carries: the same name, PascalCase; semanticVersion is Version. */
const propertyOf = (member: string) => (member === 'semanticVersion' ? 'Version' : member.charAt(0).toUpperCase() + member.slice(1));

/** `AWS::ImageBuilder::ImageRecipe` → the constraints of CreateImageRecipe's input members. */
function createInputConstraints(typeName: string): Schema {
  const operation = apiModel.operations[`Create${typeName.split('::')[2]}`];
  const input = operation?.input ? apiModel.shapes[operation.input.shape] : undefined;
  const properties: Schema = {};
  for (const [member, { shape }] of Object.entries(input?.members ?? {})) {
    if (apiModel.shapes[shape]?.type === 'structure') continue;
    const limits = scalarConstraints(shape);
    if (Object.keys(limits).length > 1) properties[propertyOf(member)] = limits;
  }
  return { properties };
}

/** Keywords about which members exist, already settled by the registry schema's check. */
const STRUCTURAL = new Set(['additionalProperties', 'required', 'oneOf', 'anyOf', 'allOf']);

function constraintsOnly(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(constraintsOnly);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([keyword]) => !STRUCTURAL.has(keyword))
      // enum values and property names are data, not schemas: copied as they are.
      .map(([keyword, value]) => [keyword, keyword === 'enum' ? value : constraintsOnly(value)]),
  );
}

const cfnLintSchemas = new Map(
  dataFilesIn('cfn-lint').map((path) => {
    const schema = readDataFile<Schema & { typeName: string }>(path);
    return [schema.typeName, schema] as const;
  }),
);

/**
 * One schema holding every API limit known for a type. cfn-lint's copy, when there is one, is
 * the root (its `#/definitions/…` references resolve there) with the structural keywords taken
 * out, since its properties lag behind the registry's (it knows no ImageTags); the Create
 * input's limits are added beside it.
 */
export function apiConstraintSchema(typeName: string): Schema {
  const fromInput = createInputConstraints(typeName);
  const cfnLint = cfnLintSchemas.get(typeName);
  return cfnLint ? { ...(constraintsOnly(cfnLint) as Schema), allOf: [fromInput] } : fromInput;
}
