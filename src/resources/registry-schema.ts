import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CloudFormation resource model: PascalCase property names, as Cloud Control sends them. */
export type ResourceModel = Record<string, unknown>;

export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
};

type Handler = 'create' | 'read' | 'update' | 'delete' | 'list';

interface SchemaDocument extends JsonSchema {
  typeName: string;
  definitions?: Record<string, JsonSchema>;
  primaryIdentifier: string[];
  readOnlyProperties?: string[];
  createOnlyProperties?: string[];
  writeOnlyProperties?: string[];
  oneOf?: { required: string[] }[];
  handlers: Partial<Record<Handler, { permissions: string[] }>>;
}

/** The project's data/ folder, the same distance from src/resources/ and from the compiled dist/resources/. */
const DATA = join(__dirname, '..', '..', 'data');

/** A reference data file (data/README.md), parsed. */
export function readDataFile<T>(relativePath: string): T {
  return JSON.parse(readFileSync(join(DATA, relativePath), 'utf8')) as T;
}

const propertyName = (pointer: string) => pointer.replace(/^\/properties\//, '');

/**
 * One CloudFormation registry schema (data/cloudformation/), as Cloud Control validates against
 * it, with the lookups every layer needs: sub-schemas by property path, descriptions, the
 * properties Cloud Control sets or keeps, and the permissions of each handler.
 */
export class RegistrySchema {
  readonly document: SchemaDocument;
  readonly typeName: string;
  /** Top-level properties Cloud Control sets itself, such as Arn. */
  readonly readOnlyProperties: readonly string[];
  /** Top-level properties that can only be set at creation, such as Name. */
  readonly createOnlyProperties: readonly string[];
  /** Properties a read never returns (e.g. a workflow's Data). */
  readonly writeOnlyProperties: readonly string[];
  /** Top-level properties every model has: `required`, and what every `oneOf` branch requires. */
  readonly alwaysRequired: readonly string[];
  /** Top-level properties of which exactly one is set (the `oneOf` branches' differences), such as the two recipes. */
  readonly exactlyOneOf: readonly string[];

  constructor(file: string) {
    this.document = readDataFile<SchemaDocument>(`cloudformation/${file}`);
    this.typeName = this.document.typeName;
    this.readOnlyProperties = (this.document.readOnlyProperties ?? []).map(propertyName).filter((p) => !p.includes('/'));
    this.createOnlyProperties = (this.document.createOnlyProperties ?? []).map(propertyName).filter((p) => !p.includes('/'));
    this.writeOnlyProperties = (this.document.writeOnlyProperties ?? []).map(propertyName);
    const branches = (this.document.oneOf ?? []).map((branch) => branch.required);
    const inEveryBranch = branches[0]?.filter((property) => branches.every((set) => set.includes(property))) ?? [];
    this.alwaysRequired = [...new Set([...(this.document.required ?? []), ...inEveryBranch])];
    this.exactlyOneOf = [...new Set(branches.flat().filter((property) => !inEveryBranch.includes(property)))].sort();
  }

  get properties(): Record<string, JsonSchema> {
    return this.document.properties ?? {};
  }

  get definitions(): Record<string, JsonSchema> {
    return this.document.definitions ?? {};
  }

  /** The IAM permissions a handler needs, to tell a caller what a denied request was missing. */
  permissions(handler: Handler): string[] {
    return [...(this.document.handlers[handler]?.permissions ?? [])];
  }

  /** A `$ref` resolved to its definition, keeping the referring property's own (more specific) description. */
  resolve(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const target = this.definitions[schema.$ref.replace('#/definitions/', '')];
    if (!target) throw new Error(`${this.typeName}: unresolvable $ref ${schema.$ref}`);
    return { ...target, ...(schema.description ? { description: schema.description } : {}) };
  }

  /** The name of the definition a property refers to, if it is a `$ref` (or an array of them). */
  definitionNameAt(path: readonly string[]): string | undefined {
    const raw = this.rawAt(path);
    const ref = raw?.$ref ?? (raw?.type === 'array' ? raw.items?.$ref : undefined);
    return ref?.replace('#/definitions/', '');
  }

  /**
   * The sub-schema at a path of property names (`['Schedule', 'Timezone']`); array steps are
   * written as `'*'`, map keys as any string. Undefined when the path leaves the schema.
   */
  at(path: readonly string[]): JsonSchema | undefined {
    const raw = this.rawAt(path);
    return raw && this.resolve(raw);
  }

  private rawAt(path: readonly string[]): JsonSchema | undefined {
    let current: JsonSchema = { type: 'object', properties: this.properties };
    for (const step of path) {
      current = this.resolve(current);
      let next: JsonSchema | undefined;
      if (current.type === 'array') next = step === '*' ? current.items : undefined;
      else if (isMapSchema(current)) next = Object.values(current.patternProperties!)[0];
      else next = current.properties?.[step];
      if (!next) return undefined;
      current = next;
    }
    return current;
  }

  describe(path: readonly string[]): string | undefined {
    return this.at(path)?.description;
  }

  describeDefinition(name: string): string | undefined {
    return this.definitions[name]?.description;
  }
}

/** Whether a (resolved) schema is a string-to-string map such as Tags. */
export function isMapSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' && !schema.properties && !!schema.patternProperties;
}
