import { readView } from '../resources/read-view';
import type { ResourceType } from '../resources/resource-types';
import { CloudControlError } from './errors';
import type { OperationContext } from '../operation-context';
import { integerMember, RULES, stringMember } from './input-rules';
import { parseJsonObject, requireIdentifier, requireType } from './members';

type Input = Record<string, unknown>;

export function notFound(type: ResourceType, identifier: string): string {
  return `Resource of type '${type.typeName}' with identifier '${identifier}' was not found.`;
}

/** The read handler: synchronous, the model as the read handler returns it. */
export function getResource(input: Input, { store, place }: OperationContext) {
  const type = requireType(input);
  const siblings = () => store.models(place, type.typeName);
  const identifier = requireIdentifier(input, type, siblings);
  const model = store.get(place, type.typeName, identifier);
  if (!model) throw new CloudControlError('ResourceNotFoundException', notFound(type, identifier));
  return {
    TypeName: type.typeName,
    ResourceDescription: { Identifier: identifier, Properties: JSON.stringify(readView(type, model, siblings)) },
  };
}

/**
 * Pages of the handler's fixed size, whatever MaxResults says (AWS documents MaxResults as
 * reserved and the real service ignores it). The token names the type, the region and the last
 * identifier returned, so a page resumes correctly even if resources were added or deleted in
 * between, and a token cannot continue another type's list.
 */
export function listResources(input: Input, { store, settings, place }: OperationContext) {
  const type = requireType(input);
  integerMember(input, 'MaxResults', 1, 100);
  const resourceModel = stringMember(input, 'ResourceModel', RULES.Properties);
  if (resourceModel !== undefined) parseJsonObject(resourceModel, 'ResourceModel');
  const token = stringMember(input, 'NextToken', RULES.HandlerNextToken);
  const after = token === undefined ? undefined : decodeListToken(token, place.region, type.typeName);
  const identifiers = store.identifiers(place, type.typeName);
  const start = after === undefined ? 0 : identifiers.findIndex((identifier) => identifier > after);
  const page = start < 0 ? [] : identifiers.slice(start, start + settings.pageSize);
  const more = start >= 0 && start + settings.pageSize < identifiers.length;
  const siblings = () => store.models(place, type.typeName);
  const properties = (identifier: string) =>
    settings.listProperties === 'full'
      ? readView(type, store.get(place, type.typeName, identifier)!, siblings)
      : Object.fromEntries(type.primaryIdentifier.map((property) => [property, store.get(place, type.typeName, identifier)![property]]));
  return {
    TypeName: type.typeName,
    ResourceDescriptions: page.map((identifier) => ({ Identifier: identifier, Properties: JSON.stringify(properties(identifier)) })),
    ...(more ? { NextToken: encodeListToken(place.region, type.typeName, page[page.length - 1]!) } : {}),
  };
}

function encodeListToken(region: string, typeName: string, lastIdentifier: string): string {
  return Buffer.from(JSON.stringify({ r: region, t: typeName, a: lastIdentifier })).toString('base64');
}

function decodeListToken(token: string, region: string, typeName: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { r?: unknown; t?: unknown; a?: unknown };
    if (decoded.r === region && decoded.t === typeName && typeof decoded.a === 'string') return decoded.a;
  } catch {
    // fall through
  }
  throw new CloudControlError('InvalidRequestException', 'The NextToken is invalid or belongs to another list.');
}
