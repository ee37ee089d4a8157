import type { OperationContext } from './emulator-state';
import { integerMember, RULES, stringMember } from './input-rules';
import { ServiceError } from './service-errors';
import { parseJsonObject, requireIdentifier, requireTypeName } from './type-rules';

type Input = Record<string, unknown>;

export function getResource(input: Input, { store, region }: OperationContext) {
  const typeName = requireTypeName(input);
  const arn = requireIdentifier(input);
  const model = store.get(region, arn);
  if (!model) {
    throw new ServiceError('ResourceNotFoundException', `Resource of type '${typeName}' with identifier '${arn}' was not found.`);
  }
  return { TypeName: typeName, ResourceDescription: { Identifier: arn, Properties: JSON.stringify(model) } };
}

/**
 * Pages of the handler's fixed size, whatever MaxResults says (AWS documents MaxResults as
 * reserved and the real service ignores it). The token names the region and the last identifier
 * returned, so a page resumes correctly even if resources were added or deleted in between.
 */
export function listResources(input: Input, { store, settings, region }: OperationContext) {
  const typeName = requireTypeName(input);
  integerMember(input, 'MaxResults', 1, 100);
  const resourceModel = stringMember(input, 'ResourceModel', RULES.Properties);
  if (resourceModel !== undefined) parseJsonObject(resourceModel, 'ResourceModel');
  const token = stringMember(input, 'NextToken', RULES.HandlerNextToken);
  const after = token === undefined ? undefined : decodeListToken(token, region);
  const identifiers = store.identifiers(region);
  const start = after === undefined ? 0 : identifiers.findIndex((arn) => arn > after);
  const page = start < 0 ? [] : identifiers.slice(start, start + settings.pageSize);
  const more = start >= 0 && start + settings.pageSize < identifiers.length;
  return {
    TypeName: typeName,
    ResourceDescriptions: page.map((arn) => ({
      Identifier: arn,
      Properties: JSON.stringify(settings.listProperties === 'full' ? store.get(region, arn) : { Arn: arn }),
    })),
    ...(more ? { NextToken: encodeListToken(region, page[page.length - 1]!) } : {}),
  };
}

function encodeListToken(region: string, lastIdentifier: string): string {
  return Buffer.from(JSON.stringify({ r: region, a: lastIdentifier })).toString('base64');
}

function decodeListToken(token: string, region: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { r?: unknown; a?: unknown };
    if (decoded.r === region && typeof decoded.a === 'string') return decoded.a;
  } catch {
    // fall through
  }
  throw new ServiceError('InvalidRequestException', 'The NextToken is invalid or belongs to another list.');
}
