import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from './context';
import { badInput } from './errors';

const NODE_TYPES = ['ImagePipeline', 'ResourceRequest'];

/**
 * Relay global ids are base64 of `Type:id`: an ImagePipeline's id is its ARN, a
 * ResourceRequest's its region and request token, so the id alone is enough to find either.
 * Undefined for anything else, in canonical base64 or not: shared by the resolver and the
 * upstream-call estimate, which must read ids the same way.
 */
export function parseGlobalID(globalID: string): { typename: string; id: string } | undefined {
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  if (separator < 1 || !NODE_TYPES.includes(typename) || Buffer.from(decoded, 'utf8').toString('base64') !== globalID) return undefined;
  return { typename, id: decoded.slice(separator + 1) };
}

/** A bad id is the caller's mistake, said plainly. */
function decodeGlobalID(globalID: string) {
  const parsed = parseGlobalID(globalID);
  if (!parsed) {
    throw badInput(`id "${globalID.slice(0, 200)}" is not a node id of this API; use the id field of an ImagePipeline or a ResourceRequest.`, { argument: 'id' });
  }
  return parsed;
}

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultEdgesNullability: { list: false; items: false };
  DefaultNodeNullability: true;
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: true,
    edgesFieldOptions: { nullable: { list: false, items: false } },
    nodeFieldOptions: { nullable: true },
    decodeGlobalID,
  },
  errors: {},
});
