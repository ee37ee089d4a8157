import { type ResourceType, RESOURCE_TYPES } from '../resources/resource-types';
import { RULES, stringMember } from './input-rules';
import { CloudControlError } from './errors';

type Input = Record<string, unknown>;

/** The type a call names; one whose schema is not in data/cloudformation/ is unknown, as an unregistered type is. */
export function requireType(input: Input): ResourceType {
  const typeName = stringMember(input, 'TypeName', RULES.TypeName, true);
  const type = RESOURCE_TYPES.get(typeName);
  if (!type) {
    throw new CloudControlError(
      'TypeNotFoundException',
      `The type '${typeName}' cannot be found. This emulator serves ${[...RESOURCE_TYPES.keys()].join(', ')}.`,
    );
  }
  stringMember(input, 'TypeVersionId', RULES.TypeVersionId);
  stringMember(input, 'RoleArn', RULES.RoleArn);
  return type;
}

/** The primary identifier of a model: its primary identifier properties' values joined with `|`. */
export function primaryIdentifierOf(type: ResourceType, model: Record<string, unknown>): string {
  return type.primaryIdentifier.map((property) => String(model[property])).join('|');
}

/**
 * An identifier is the primary identifier's value (compound ones joined with `|`), or a JSON
 * object naming the primary identifier or one of the additional identifiers (`{"Arn": "…"}`).
 * Returns the primary identifier; one named by additional identifiers is looked up among the
 * type's resources in the caller's place (when none matches, the JSON text, which names none).
 */
export function requireIdentifier(input: Input, type: ResourceType, resources: () => readonly Record<string, unknown>[]): string {
  const identifier = stringMember(input, 'Identifier', RULES.Identifier, true);
  if (!identifier.trimStart().startsWith('{')) return identifier;
  let parsed: unknown;
  try {
    parsed = JSON.parse(identifier);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    const named = parsed as Record<string, unknown>;
    const keys = Object.keys(named).sort();
    const names = (set: readonly string[]) => set.length === keys.length && [...set].sort().every((property, i) => property === keys[i]);
    if (names(type.primaryIdentifier)) return primaryIdentifierOf(type, named);
    if (type.additionalIdentifiers.some(names)) {
      const found = resources().find((model) => keys.every((key) => model[key] === named[key]));
      return found ? primaryIdentifierOf(type, found) : identifier;
    }
  }
  const known = [type.primaryIdentifier, ...type.additionalIdentifiers].map((set) => set.join('+')).join(', or ');
  throw new CloudControlError('InvalidRequestException', `Identifier ${identifier} does not name an identifier of ${type.typeName} (${known}).`);
}

export function parseJsonObject(text: string, member: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CloudControlError('InvalidRequestException', `${member} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CloudControlError('InvalidRequestException', `${member} must be a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}
