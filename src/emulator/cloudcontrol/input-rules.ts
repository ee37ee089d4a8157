import { CloudControlError } from './errors';

/** Constraints of the Cloud Control model's input shapes (cloudcontrol.smithy.json). */
interface StringRule {
  min: number;
  max: number;
  pattern?: RegExp;
  /** `@sensitive` in the model: AWS leaves the value out of its messages. */
  sensitive?: true;
}

export const RULES = {
  TypeName: { min: 10, max: 196, pattern: /^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$/ },
  Identifier: { min: 1, max: 1024 },
  Properties: { min: 1, max: 262144, sensitive: true },
  PatchDocument: { min: 1, max: 262144, sensitive: true },
  ClientToken: { min: 1, max: 128, pattern: /^[-A-Za-z0-9+/=]+$/ },
  RequestToken: { min: 1, max: 128, pattern: /^[-A-Za-z0-9+/=]+$/ },
  HandlerNextToken: { min: 1, max: 4096 },
  NextToken: { min: 1, max: 2048, pattern: /^[-A-Za-z0-9+/=]+$/ },
  RoleArn: { min: 20, max: 2048, pattern: /^arn:.+:iam::[0-9]{12}:role\/.+$/ },
  TypeVersionId: { min: 1, max: 128, pattern: /^[A-Za-z0-9-]+$/ },
} satisfies Record<string, StringRule>;

/** AWS's own phrasing for constraint violations, so SDK users see familiar messages. */
function violation(member: string, value: unknown, constraint: string, sensitive = false): CloudControlError {
  const shown = typeof value === 'string' && value.length > 100 ? `${value.slice(0, 100)}…` : String(value);
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return new CloudControlError(
    'ValidationException',
    `1 validation error detected: Value ${sensitive ? '' : `'${shown}' `}at '${name}' failed to satisfy constraint: ${constraint}`,
  );
}

export function stringMember(input: Record<string, unknown>, member: string, rule: StringRule, required: true): string;
export function stringMember(input: Record<string, unknown>, member: string, rule: StringRule, required?: false): string | undefined;
export function stringMember(input: Record<string, unknown>, member: string, rule: StringRule, required = false): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) {
    if (required) throw violation(member, null, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw new CloudControlError('SerializationException', `${member} must be a string.`);
  const sensitive = 'sensitive' in rule && rule.sensitive === true;
  if (value.length < rule.min) throw violation(member, value, `Member must have length greater than or equal to ${rule.min}`, sensitive);
  if (value.length > rule.max) throw violation(member, value, `Member must have length less than or equal to ${rule.max}`, sensitive);
  if (rule.pattern && !rule.pattern.test(value)) {
    throw violation(member, value, `Member must satisfy regular expression pattern: ${rule.pattern.source}`, sensitive);
  }
  return value;
}

export function integerMember(input: Record<string, unknown>, member: string, min: number, max: number): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new CloudControlError('SerializationException', `${member} must be an integer.`);
  if (value < min) throw violation(member, value, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw violation(member, value, `Member must have value less than or equal to ${max}`);
  return value;
}

export function stringListMember(input: Record<string, unknown>, path: string[], allowed: readonly string[]): string[] | undefined {
  let value: unknown = input;
  for (const step of path) value = (value as Record<string, unknown> | undefined)?.[step];
  if (value === undefined || value === null) return undefined;
  const member = path.join('.');
  if (!Array.isArray(value)) throw new CloudControlError('SerializationException', `${member} must be a list.`);
  for (const item of value) {
    if (!allowed.includes(item as string)) {
      throw violation(member, item, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
  }
  return value as string[];
}
