import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';

/**
 * Keywords of CloudFormation's resource provider schema (its meta-schema) that are not JSON
 * Schema. To a validator they are metadata: registered as vocabulary so Ajv's strict mode
 * accepts them, and never evaluated. A keyword missing from this list makes the first
 * check of that type throw (strict mode), rather than being silently ignored.
 */
export const CLOUDFORMATION_KEYWORDS = [
  'typeName', 'sourceUrl', 'documentationUrl', 'replacementStrategy', 'taggable', 'tagging', 'handlers', 'remote',
  'primaryIdentifier', 'additionalIdentifiers', 'readOnlyProperties', 'writeOnlyProperties', 'createOnlyProperties',
  'conditionalCreateOnlyProperties', 'nonPublicProperties', 'nonPublicDefinitions', 'deprecatedProperties',
  'propertyTransform', 'resourceLink', 'typeConfiguration', 'insertionOrder', 'arrayType', 'relationshipRef',
];

/** Keywords that hold subschemas, each as one schema, a list of them, or a map of them. */
const ONE_SCHEMA = ['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'propertyNames', 'contains'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'items'];
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'];

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Registry schemas are draft-07, where "All other properties in a $ref object MUST be ignored".
 * Ajv 8 evaluates them, which would read `{"$ref": …, "additionalProperties": false}` (the
 * container recipe's InstanceConfiguration) as "no members at all". Keep the $ref alone.
 */
function draft07References(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  if (typeof schema.$ref === 'string') return { $ref: schema.$ref };
  const copy: Schema = { ...schema };
  for (const keyword of ONE_SCHEMA) if (isSchema(copy[keyword])) copy[keyword] = draft07References(copy[keyword]);
  for (const keyword of SCHEMA_LISTS) if (Array.isArray(copy[keyword])) copy[keyword] = (copy[keyword] as unknown[]).map(draft07References);
  for (const keyword of SCHEMA_MAPS) {
    if (isSchema(copy[keyword])) {
      copy[keyword] = Object.fromEntries(Object.entries(copy[keyword] as Schema).map(([name, child]) => [name, draft07References(child)]));
    }
  }
  return copy;
}

let ajv: Ajv | undefined;
function compile(schema: Schema): ValidateFunction {
  if (!ajv) {
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    ajv = new AjvClass({ allErrors: true, strict: true, strictRequired: false, verbose: true, allowUnionTypes: true });
    ajv.addVocabulary(CLOUDFORMATION_KEYWORDS);
  }
  return ajv.compile(schema);
}

/**
 * How much a message says. `registry`: the path and the rule that failed, as Cloud Control
 * reports a model that breaks the registry schema, without repeating the (possibly sensitive)
 * value. `handler`: the value and the limit too, as a service's own validation message does.
 */
export type Detail = 'registry' | 'handler';

/** A model checked against a schema: one message per problem, `#/Path: what is wrong`; empty when valid. */
export type SchemaCheck = (model: unknown) => string[];

export function compileSchema(schema: Schema, detail: Detail): SchemaCheck {
  // Compiled at the first check, not at load: the emulator starts inside every `npm start`, and
  // compiling every type's two schemas took about a sixth of a second of it. (Every type's checks
  // run in emulator-demo-data.test.ts, so a schema strict mode refuses still fails the tests.)
  let validate: ValidateFunction | undefined;
  return (model) => {
    // A resource model is always a JSON object, though registry schemas leave the root's type implicit.
    validate ??= compile({ type: 'object', ...(draft07References(schema) as Schema) });
    return validate(model) ? [] : describe(validate.errors ?? [], detail);
  };
}

const JSON_TYPE_NAMES: Record<string, string> = {
  string: 'String', integer: 'Integer', number: 'Number', boolean: 'Boolean', object: 'JSONObject', array: 'JSONArray', null: 'Null',
};

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Number';
  return JSON_TYPE_NAMES[typeof value] ?? typeof value;
}

function message(error: ErrorObject, detail: Detail): string {
  const params = error.params as Record<string, unknown>;
  // A propertyNames error is about a key of the object at instancePath, not its value.
  const at = `#${error.instancePath}${error.propertyName === undefined ? '' : ' key'}`;
  switch (error.keyword) {
    case 'required':
      return `${at}: required key [${String(params.missingProperty)}] not found`;
    case 'additionalProperties':
      return `${at}: extraneous key [${String(params.additionalProperty)}] is not permitted`;
    case 'type': {
      const expected = String(params.type).split(',').map((type) => JSON_TYPE_NAMES[type] ?? type).join(' or ');
      return `${at}: expected type: ${expected}, found: ${jsonTypeOf(error.data)}`;
    }
    default:
      if (detail === 'registry') return `${at}: failed validation constraint for keyword [${error.keyword}]`;
      return `${at}: ${JSON.stringify(error.data)} ${error.message ?? 'is not valid'}`;
  }
}

/**
 * Ajv reports a failed oneOf (or anyOf) as the errors of every branch followed by the combinator's
 * own; they read better as one problem that names its branches' reasons.
 */
function describe(errors: ErrorObject[], detail: Detail): string[] {
  const combinators = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const branchOf = (error: ErrorObject) => combinators.find((combinator) => error !== combinator && error.schemaPath.startsWith(`${combinator.schemaPath}/`));
  const messages = errors.flatMap((error): string[] => {
    // propertyNames is reported twice: the key's own error, then "property name must be valid".
    if (branchOf(error) || error.keyword === 'propertyNames') return [];
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') return [message(error, detail)];
    const reasons = [...new Set(errors.filter((inner) => branchOf(inner) === error).map((inner) => message(inner, detail)))];
    const because = reasons.length > 0 ? ` (${reasons.join(' | ')})` : '';
    if (error.keyword === 'anyOf') return [`#${error.instancePath}: no subschema matched${because}`];
    const passing = (error.params as { passingSchemas?: number[] | null }).passingSchemas;
    return [`#${error.instancePath}: ${Array.isArray(passing) ? passing.length : 0} subschemas matched instead of one${because}`];
  });
  return [...new Set(messages)];
}
