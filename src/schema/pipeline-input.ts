import type { ResourceModel } from '../resources/registry-schema';
import type { Problem } from '../resources/validation';
import type { FieldProblem } from './mutation-errors';

const TAG_PROPERTIES = new Set(['Tags', 'ImageTags']);

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * GraphQL input (camelCase, tags as lists) to a CloudFormation model (PascalCase, tags as maps).
 * A top-level `null` is kept, since in `changes` it means "remove"; nested nulls mean "absent".
 */
export function inputToModel(input: Record<string, unknown>, fieldPrefix: string): { model: ResourceModel; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const model: ResourceModel = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const property = pascal(key);
    if (value !== null && TAG_PROPERTIES.has(property)) {
      const map: Record<string, string> = {};
      for (const { key: tagKey, value: tagValue } of value as { key: string; value: string }[]) {
        if (tagKey in map) {
          problems.push({ path: `/${property}/${tagKey}`, field: `${fieldPrefix}${key}`, rule: 'uniqueKeys', message: `/${property} has the key "${tagKey}" twice` });
        }
        map[tagKey] = tagValue;
      }
      model[property] = map;
    } else {
      model[property] = value === null ? null : convert(value);
    }
  }
  return { model, problems };
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null && child !== undefined) result[pascal(key)] = convert(child);
  }
  return result;
}

/** `/Schedule/AutoDisablePolicy/FailureCount` → `changes.schedule.autoDisablePolicy.failureCount`. */
export function fieldOf(pointer: string, fieldPrefix: string): string {
  const tokens = pointer.split('/').slice(1);
  let field = fieldPrefix.replace(/\.$/, '');
  for (const [index, token] of tokens.entries()) {
    if (index > 0 && TAG_PROPERTIES.has(tokens[index - 1]!)) break;
    field += /^\d+$/.test(token) ? `[${token}]` : `${field ? '.' : ''}${camel(token)}`;
  }
  return field;
}

export function withFields(problems: Problem[], fieldPrefix: string): FieldProblem[] {
  return problems.map((problem) => ({ ...problem, field: problem.path ? fieldOf(problem.path, fieldPrefix) : fieldPrefix.replace(/\.$/, '') || null }));
}
