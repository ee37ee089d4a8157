import type { default as Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { IMAGE_PIPELINE } from './image-pipeline';
import { type JsonSchema, readDataFile, type ResourceModel } from './registry-schema';

// The gateway writes pipelines only; these checks are the pipeline schema's.
const registrySchema = IMAGE_PIPELINE.schema;
const schemaAt = (path: readonly string[]) => registrySchema.at(path);

/** One reason a model or a change is invalid, named by its CloudFormation property path. */
export interface Problem {
  /** JSON pointer relative to the resource's properties (`/Schedule/Timezone`); `` is the model. */
  path: string;
  /** The rule that failed: a JSON Schema keyword, or `readOnly`, `createOnly`, `unknownProperty`… */
  rule: string;
  message: string;
}

/**
 * `cloudformation` is the registry schema verbatim: what Cloud Control itself checks before it
 * accepts a request. `api` adds the Image Builder API's constraints, which the real handler only
 * enforces later, as a FAILED request; the gateway checks `api` so such a change fails at once.
 */
export type Strictness = 'cloudformation' | 'api';

const CONSTRAINT_KEYWORDS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'];

/**
 * Image Builder's TagMap (botocore imagebuilder 2019-12-02): 1–50 entries, keys 1–128 characters
 * that do not start with `aws:`, values up to 256 characters. cfn-lint does not patch these in.
 */
const TAG_MAP_RULES: JsonSchema = {
  maxProperties: 50,
  propertyNames: { minLength: 1, maxLength: 128, pattern: '^(?!aws:)[a-zA-Z0-9\\s_.:/=+\\-@]*$' },
  patternProperties: { '': { type: 'string', maxLength: 256 } },
};

function overlayConstraints(target: JsonSchema, source: JsonSchema | undefined): void {
  if (!source) return;
  for (const keyword of CONSTRAINT_KEYWORDS) {
    if (source[keyword] !== undefined) target[keyword] = source[keyword];
  }
  for (const [name, child] of Object.entries(target.properties ?? {})) overlayConstraints(child, source.properties?.[name]);
  if (target.items) overlayConstraints(target.items, source.items);
}

function buildSchema(strictness: Strictness): JsonSchema {
  const schema = structuredClone(registrySchema.document) as unknown as JsonSchema & { definitions: Record<string, JsonSchema> };
  // Required properties are checked by checkRequired, with a message that names the alternatives.
  delete schema.oneOf;
  // The registry schema leaves the root's type implicit; a model is always an object.
  schema.type = 'object';
  if (strictness === 'api') {
    const api = readDataFile<JsonSchema & { definitions: Record<string, JsonSchema> }>('cfn-lint/aws-imagebuilder-imagepipeline.json');
    overlayConstraints(schema, api);
    for (const [name, definition] of Object.entries(schema.definitions)) overlayConstraints(definition, api.definitions[name]);
    for (const tagProperty of ['Tags', 'ImageTags']) Object.assign(schema.properties![tagProperty]!, structuredClone(TAG_MAP_RULES));
  }
  return schema;
}

// CloudFormation's own schema keywords, which are metadata for JSON Schema's purposes.
const CLOUDFORMATION_KEYWORDS = [
  'typeName', 'sourceUrl', 'primaryIdentifier', 'readOnlyProperties', 'createOnlyProperties', 'writeOnlyProperties',
  'handlers', 'tagging', 'insertionOrder', 'additionalIdentifiers', 'deprecatedProperties',
];

/**
 * The validators are made when a write first needs them, not at startup: loading ajv and
 * compiling the pipeline's two schemas took about 0.15 s of every start, for writes that many
 * gateways (dashboards) never make. The first write pays it once.
 */
let ajv: Ajv | undefined;
function compile(schema: JsonSchema): ValidateFunction {
  if (!ajv) {
    const AjvClass = (require('ajv') as typeof import('ajv')).default;
    ajv = new AjvClass({ allErrors: true, strict: true, strictRequired: false });
    ajv.addVocabulary(CLOUDFORMATION_KEYWORDS);
  }
  return ajv.compile(schema);
}

const modelValidators: Partial<Record<Strictness, ValidateFunction>> = {};
let constrained: (JsonSchema & { definitions: Record<string, JsonSchema> }) | undefined;
const apiSchema = () => (constrained ??= buildSchema('api') as JsonSchema & { definitions: Record<string, JsonSchema> });
const valueValidators = new Map<string, ValidateFunction>();

/** Checks a whole model: required properties, then every property against the schema. */
export function validateModel(model: ResourceModel, strictness: Strictness): Problem[] {
  const validate = (modelValidators[strictness] ??= compile(buildSchema(strictness)));
  const problems = checkRequired(model);
  if (!validate(model)) problems.push(...(validate.errors ?? []).map((error) => toProblem(error, '')));
  return dedupe(problems);
}

/**
 * Checks one value against the sub-schema at a property path, as a patch operation would set it.
 * `path` uses `*` for array items, like schemaAt.
 */
export function validateValueAt(path: readonly string[], value: unknown, pointer: string): Problem[] {
  const key = path.join('/');
  let validate = valueValidators.get(key);
  if (!validate) {
    const subschema = apiSchemaAt(path);
    if (!subschema) return [{ path: pointer, rule: 'unknownProperty', message: `${pointer} is not a property of the pipeline` }];
    validate = compile({ ...subschema, definitions: apiSchema().definitions });
    valueValidators.set(key, validate);
  }
  if (validate(value)) return [];
  return dedupe((validate.errors ?? []).map((error) => toProblem(error, pointer)));
}

/** Like schemaAt, but over the constrained schema, so values meet the API's limits too. */
function apiSchemaAt(path: readonly string[]): JsonSchema | undefined {
  if (!schemaAt(path)) return undefined;
  let current: JsonSchema = apiSchema();
  for (const step of path) {
    current = deref(current);
    if (current.type === 'array') current = current.items!;
    else if (current.properties) current = current.properties[step]!;
    else current = Object.values(current.patternProperties!)[0]!;
  }
  return deref(current);
}

function deref(schema: JsonSchema): JsonSchema {
  return schema.$ref ? apiSchema().definitions[schema.$ref.replace('#/definitions/', '')]! : schema;
}

function checkRequired(model: ResourceModel): Problem[] {
  const problems: Problem[] = [];
  for (const property of registrySchema.alwaysRequired) {
    if (model[property] === undefined) problems.push({ path: `/${property}`, rule: 'required', message: `/${property} is required` });
  }
  const present = registrySchema.exactlyOneOf.filter((property) => model[property] !== undefined);
  if (present.length !== 1) {
    const found = present.length === 0 ? 'neither is set' : `${present.join(' and ')} are both set`;
    problems.push({
      path: present.length === 0 ? '' : `/${present[present.length - 1]}`,
      rule: 'oneOf',
      message: `exactly one of ${registrySchema.exactlyOneOf.join(' or ')} must be set, but ${found}`,
    });
  }
  return problems;
}

function toProblem(error: ErrorObject, prefix: string): Problem {
  const at = prefix + error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const path = `${at}/${(error.params as { additionalProperty: string }).additionalProperty}`;
      const parent = schemaAt(pathSteps(at));
      const allowed = Object.keys(parent?.properties ?? {}).join(', ');
      return { path, rule: 'unknownProperty', message: `${path} is not a known property${allowed ? ` (allowed here: ${allowed})` : ''}` };
    }
    case 'required': {
      const path = `${at}/${(error.params as { missingProperty: string }).missingProperty}`;
      return { path, rule: 'required', message: `${path} is required` };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.join(', ');
      return { path: at, rule: 'enum', message: `${at || 'the value'} must be one of ${allowed}` };
    }
    case 'propertyNames':
      return { path: at, rule: 'propertyNames', message: `${at} has a key that breaks the tag key rules (1–128 characters, not starting with "aws:")` };
    default:
      return { path: at, rule: error.keyword, message: `${at || 'the value'} ${error.message ?? 'is invalid'}` };
  }
}

/** `/Workflows/0/Parameters` → `['Workflows', '*', 'Parameters']`, for schemaAt. */
export function pathSteps(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((token) => (/^(\d+|-)$/.test(token) ? '*' : token.replace(/~1/g, '/').replace(/~0/g, '~')));
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}|${problem.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
