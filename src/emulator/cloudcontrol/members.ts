import { IMAGE_PIPELINE_TYPE } from '../resource/image-pipeline-type';
import { RULES, stringMember } from './input-rules';
import { ServiceError } from './service-errors';

/** The emulator serves one resource type; others are unknown to it, as unregistered types are. */
export function requireTypeName(input: Record<string, unknown>): string {
  const typeName = stringMember(input, 'TypeName', RULES.TypeName, true);
  if (typeName !== IMAGE_PIPELINE_TYPE) {
    throw new ServiceError(
      'TypeNotFoundException',
      `The type '${typeName}' cannot be found. This emulator serves ${IMAGE_PIPELINE_TYPE} only.`,
    );
  }
  stringMember(input, 'TypeVersionId', RULES.TypeVersionId);
  stringMember(input, 'RoleArn', RULES.RoleArn);
  return typeName;
}

/**
 * An identifier is the primary identifier's value, or a JSON object naming any identifier
 * (`{"Arn": "…"}`); for image pipelines both mean the ARN.
 */
export function requireIdentifier(input: Record<string, unknown>): string {
  const identifier = stringMember(input, 'Identifier', RULES.Identifier, true);
  if (!identifier.trimStart().startsWith('{')) return identifier;
  try {
    const parsed = JSON.parse(identifier) as { Arn?: unknown };
    if (typeof parsed.Arn === 'string') return parsed.Arn;
  } catch {
    // fall through to the error below
  }
  throw new ServiceError('InvalidRequestException', `Identifier ${identifier} does not name the primary identifier Arn.`);
}

export function parseJsonObject(text: string, member: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ServiceError('InvalidRequestException', `${member} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError('InvalidRequestException', `${member} must be a JSON object.`);
  }
  return parsed as Record<string, unknown>;
}
