import type { GatewayContext } from '../context';
import { builder } from '../builder';
import { isMapSchema, type JsonSchema, type RegistrySchema } from '../resources/registry-schema';
import type { EnumFieldSpec, FieldMap, FieldSpec, ObjectFieldSpec, ResourceType } from '../resources/resource-type';
import { Tag, tagsOf } from './tag';

/** A nested CloudFormation object as Cloud Control returns it (PascalCase keys). */
export type CfnObject = Record<string, unknown>;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
type Fields<Parent> = PothosSchemaTypes.ObjectFieldBuilder<Types, Parent>;
/** Where a field's object comes from: at once for a nested object, maybe after a read for a resource. */
type Source<Parent> = (parent: Parent, context: GatewayContext) => CfnObject | Promise<CfnObject>;

const objectTypes = new Map<string, { ref: PothosSchemaTypes.ObjectRef<Types, CfnObject>; declared: string }>();
const enumTypes = new Map<string, { ref: ReturnType<typeof builder.enumType>; declared: string }>();

/**
 * GraphQL fields for a resource's properties, as its registry module declares them
 * (src/resources/resource-type.ts, FieldSpec): the type and description of each come from the
 * registry schema at the property's path, so the schema file stays the one source of both.
 * Lists are never null (empty when absent); a scalar or object is non-null when the schema
 * requires it; tag maps become lists of Tag; nested objects and enums get types of their own.
 */
export function resourceFields<Parent>(
  t: Fields<Parent>,
  schema: RegistrySchema,
  path: readonly string[],
  fields: FieldMap,
  source: Source<Parent>,
): Record<string, unknown> {
  const container = path.length === 0 ? schema.document : schema.at(path);
  const required = new Set(path.length === 0 ? schema.alwaysRequired : (container?.required ?? []));
  return Object.fromEntries(
    Object.entries(fields).map(([name, spec]) => {
      const property = typeof spec === 'string' ? spec : spec.property;
      const propertyPath = [...path, property];
      const sub = schema.at(propertyPath);
      if (!sub) throw new Error(`${schema.typeName}: /${propertyPath.join('/')} is not in its schema`);
      const description =
        (typeof spec !== 'string' && 'description' in spec ? spec.description : undefined) ??
        sub.description ??
        // A list described only by its items' definition (WorkflowParameter's Value).
        (sub.type === 'array' && sub.items ? schema.resolve(sub.items).description : undefined);
      if (!description) throw new Error(`${schema.typeName}: /${propertyPath.join('/')} has no description`);
      const pick = (value: unknown) => shape(value);
      const { type, nullable, shape } = fieldType(schema, propertyPath, sub, spec, required.has(property));
      const resolve = (parent: Parent, _args: object, context: GatewayContext) => {
        const object = source(parent, context);
        const read = (value: CfnObject) => pick(value[property]);
        return object instanceof Promise ? object.then(read) : read(object);
      };
      return [name, t.field({ type, nullable, description, resolve } as never)];
    }),
  );
}

interface FieldType {
  type: unknown;
  nullable: boolean | { list: boolean; items: boolean };
  /** The property's value as the field returns it. */
  shape: (value: unknown) => unknown;
}

const SCALARS: Record<string, string> = { string: 'String', integer: 'Int', number: 'Float', boolean: 'Boolean' };

function fieldType(schema: RegistrySchema, path: string[], sub: JsonSchema, spec: FieldSpec, required: boolean): FieldType {
  const where = `${schema.typeName} /${path.join('/')}`;
  const single = { nullable: !required, shape: (value: unknown) => value ?? null };
  const list = { nullable: { list: false, items: false }, shape: (value: unknown) => value ?? [] };
  if (typeof spec === 'object' && 'object' in spec) {
    const isList = sub.type === 'array';
    const ref = objectType(schema, isList ? [...path, '*'] : path, spec);
    return isList ? { type: [ref], ...list } : { type: ref, ...single };
  }
  if (typeof spec === 'object' && 'enum' in spec) return { type: enumType(where, sub, spec), ...single };
  if (isMapSchema(sub)) return { type: [Tag], ...list, shape: tagsOf };
  if (sub.enum) throw new Error(`${where} is an enum: declare it as { property, enum, values }`);
  if (sub.type === 'array') {
    const item = sub.items && schema.resolve(sub.items);
    const scalar = item && !item.enum ? SCALARS[String(item.type)] : undefined;
    if (!scalar) throw new Error(`${where} is a list of objects or enums: declare it as { property, object, fields }`);
    return { type: [scalar], ...list };
  }
  const scalar = SCALARS[String(sub.type)];
  if (!scalar) throw new Error(`${where} is an object: declare it as { property, object, fields }`);
  return { type: scalar, ...single };
}

/** One GraphQL type per name: a second declaration under the same name must be the same one. */
function objectType(schema: RegistrySchema, path: string[], spec: ObjectFieldSpec) {
  const declared = JSON.stringify(spec.fields);
  const known = objectTypes.get(spec.object);
  if (known) {
    if (known.declared !== declared) throw new Error(`GraphQL type ${spec.object} is declared twice, differently (${schema.typeName} /${path.join('/')})`);
    return known.ref;
  }
  const definition = schema.definitionNameAt(path.filter((step, index) => !(step === '*' && index === path.length - 1)));
  const description = (definition && schema.describeDefinition(definition)) ?? schema.describe(path);
  const ref: PothosSchemaTypes.ObjectRef<Types, CfnObject> = builder.objectRef<CfnObject>(spec.object).implement({
    description,
    fields: (t) => resourceFields(t, schema, path, spec.fields, (parent) => parent) as never,
  });
  objectTypes.set(spec.object, { ref, declared });
  return ref;
}

/** GraphQL enum values are UPPER_CASE names; the service's own spelling is their value. */
export const enumName = (value: string) => value.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

function enumType(where: string, sub: JsonSchema, spec: EnumFieldSpec) {
  const declared = JSON.stringify(spec.values);
  const known = enumTypes.get(spec.enum);
  if (known) {
    if (known.declared !== declared) throw new Error(`GraphQL enum ${spec.enum} is declared twice, differently (${where})`);
    return known.ref;
  }
  const allowed = sub.enum ?? [];
  const undeclared = allowed.filter((value) => !spec.values[value]);
  if (undeclared.length || Object.keys(spec.values).some((value) => !allowed.includes(value))) {
    throw new Error(`${where}: the enum ${spec.enum} must describe exactly the schema's values ${allowed.join(', ')}`);
  }
  const ref = builder.enumType(spec.enum, {
    description: sub.description,
    values: Object.fromEntries(allowed.map((value) => [enumName(value), { value, description: spec.values[value] }])),
  });
  enumTypes.set(spec.enum, { ref, declared });
  return ref;
}

/**
 * The enum a resource type declares at a GraphQL field path (`['schedule', 'pipelineExecutionStartCondition']`),
 * for input types that take the same values as the output.
 */
export function declaredEnum(type: ResourceType, fieldPath: readonly string[]) {
  let fields: FieldMap = type.fields;
  const schemaPath: string[] = [];
  for (const [index, name] of fieldPath.entries()) {
    const spec = fields[name];
    if (!spec || typeof spec !== 'object' || 'description' in spec) break;
    schemaPath.push(spec.property);
    if ('enum' in spec) {
      if (index < fieldPath.length - 1) break;
      return enumType(`${type.typeName} /${schemaPath.join('/')}`, type.schema.at(schemaPath)!, spec);
    }
    // A list of objects: its items' properties are one step further down.
    if (type.schema.at(schemaPath)?.type === 'array') schemaPath.push('*');
    fields = spec.fields;
  }
  throw new Error(`${type.name} declares no enum at ${fieldPath.join('.')}`);
}

/**
 * Creates every nested object and enum type a resource type declares, at once rather than when
 * the schema is built, so the gateway can add fields of its own to them (generatedObjectType).
 */
export function declareNestedTypes(type: ResourceType, fields: FieldMap = type.fields, path: readonly string[] = []): void {
  for (const spec of Object.values(fields)) {
    if (typeof spec !== 'object' || 'description' in spec) continue;
    const propertyPath = [...path, spec.property];
    const sub = type.schema.at(propertyPath)!;
    if ('enum' in spec) {
      enumType(`${type.typeName} /${propertyPath.join('/')}`, sub, spec);
      continue;
    }
    const itemPath = sub.type === 'array' ? [...propertyPath, '*'] : propertyPath;
    objectType(type.schema, itemPath, spec);
    declareNestedTypes(type, spec.fields, itemPath);
  }
}

/** A nested object type already generated (by name), to add fields of the gateway's own to it. */
export function generatedObjectType(name: string) {
  const known = objectTypes.get(name);
  if (!known) throw new Error(`no generated object type ${name} (declare it in a resource module first)`);
  return known.ref;
}
