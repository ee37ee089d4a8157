import { readDataFile } from './data-files';

/**
 * An AWS API model in botocore's JSON form (data/imagebuilder/service-2.json,
 * data/sts/service-2.json): operations with their HTTP bindings, shapes with their constraints,
 * and the errors with their codes and statuses. The services read their wire details and input
 * rules from it rather than restating them.
 */
export interface Member {
  shape: string;
  /** `querystring`, `header`, `uri`; absent for a member in the body. */
  location?: string;
  locationName?: string;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  members?: Record<string, Member>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  documentation?: string;
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}

export interface ApiModel {
  metadata: { signingName?: string; endpointPrefix: string; protocol: string; xmlNamespace?: string; apiVersion: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

export function loadModel(relativePath: string): ApiModel {
  return readDataFile<ApiModel>(relativePath);
}

/** A constraint a value breaks, in AWS's own phrasing (`Member must have length less than or equal to 64`). */
export interface Violation {
  /** Where, as AWS names it: the member path with each name's first letter lowercased (`roleSessionName`, `filters.1.name`). */
  path: string;
  value: unknown;
  constraint: string;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);
const patterns = new Map<string, RegExp | null>();

/** A model pattern as a whole-value match, as the service (Java's `matches`) applies it; null when JavaScript cannot read it. */
function patternOf(source: string): RegExp | null {
  if (!patterns.has(source)) {
    try {
      patterns.set(source, new RegExp(`^(?:${source})$`));
    } catch {
      patterns.set(source, null);
    }
  }
  return patterns.get(source)!;
}

/**
 * The constraints a value breaks against a shape (required members, lengths, ranges, patterns,
 * enums, list and map sizes), walking structures, lists and maps; empty when it meets them all.
 * Only what the model declares is checked: a value of the wrong JSON type is reported as such.
 */
export function violations(model: ApiModel, shapeName: string, value: unknown, path = ''): Violation[] {
  const shape = model.shapes[shapeName];
  if (!shape || value === undefined || value === null) return [];
  const at = (constraint: string, where = path): Violation => ({ path: where, value, constraint });
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return [at('Member must be a structure')];
      const record = value as Record<string, unknown>;
      const missing = (shape.required ?? [])
        .filter((name) => record[name] === undefined || record[name] === null)
        .map((name): Violation => ({ path: join(path, name), value: null, constraint: 'Member must not be null' }));
      const nested = Object.entries(shape.members ?? {}).flatMap(([name, member]) => violations(model, member.shape, record[name], join(path, name)));
      return [...missing, ...nested];
    }
    case 'list': {
      if (!Array.isArray(value)) return [at('Member must be a list')];
      const size = sizeViolations(shape, value.length, at);
      return [...size, ...value.flatMap((item, index) => violations(model, shape.member!.shape, item, `${path}.${index + 1}.member`))];
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return [at('Member must be a map')];
      const entries = Object.entries(value as Record<string, unknown>);
      const size = sizeViolations(shape, entries.length, at);
      return [
        ...size,
        ...entries.flatMap(([key, item]) => [...violations(model, shape.key!.shape, key, `${path}.key`), ...violations(model, shape.value!.shape, item, `${path}.${key}`)]),
      ];
    }
    case 'string': {
      if (typeof value !== 'string') return [at('Member must be a string')];
      const found: Violation[] = [];
      if (shape.min !== undefined && value.length < shape.min) found.push(at(`Member must have length greater than or equal to ${shape.min}`));
      if (shape.max !== undefined && value.length > shape.max) found.push(at(`Member must have length less than or equal to ${shape.max}`));
      const pattern = shape.pattern === undefined ? null : patternOf(shape.pattern);
      if (pattern && !pattern.test(value)) found.push(at(`Member must satisfy regular expression pattern: ${shape.pattern}`));
      if (shape.enum && !shape.enum.includes(value)) found.push(at(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`));
      return found;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return [at('Member must be an integer')];
      if (shape.min !== undefined && value < shape.min) return [at(`Member must have value greater than or equal to ${shape.min}`)];
      if (shape.max !== undefined && value > shape.max) return [at(`Member must have value less than or equal to ${shape.max}`)];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [at('Member must be a boolean')];
    default:
      return [];
  }
}

function sizeViolations(shape: Shape, size: number, at: (constraint: string) => Violation): Violation[] {
  if (shape.min !== undefined && size < shape.min) return [at(`Member must have length greater than or equal to ${shape.min}`)];
  if (shape.max !== undefined && size > shape.max) return [at(`Member must have length less than or equal to ${shape.max}`)];
  return [];
}

const join = (path: string, name: string) => (path ? `${path}.${lowerFirst(name)}` : lowerFirst(name));

/** AWS's message for constraint violations: `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: …`. */
export function violationMessage(found: readonly Violation[]): string {
  const described = found.map(({ path, value, constraint }) => {
    const shown = value === null ? 'null' : `'${typeof value === 'string' && value.length > 100 ? `${value.slice(0, 100)}…` : typeof value === 'object' ? JSON.stringify(value) : String(value)}'`;
    return `Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
  });
  return `${found.length} validation error${found.length === 1 ? '' : 's'} detected: ${described.join('; ')}`;
}
