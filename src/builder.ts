import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from './context';
import { badInput } from './errors';
import { RESOURCE_TYPES } from './resources/registry';

const NODE_TYPES = [...RESOURCE_TYPES.map((type) => type.name), 'ResourceRequest', 'Image'];

/**
 * Relay global ids are base64 of `Type:id`: a resource's id is its ARN, a ResourceRequest's its
 * region and request token, an Image's its build version ARN, so the id alone is enough to find either, region included.
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
    throw badInput(`id "${globalID.slice(0, 200)}" is not a node id of this API; use the id field of an object that implements Node (${NODE_TYPES.join(', ')}).`, {
      argument: 'id',
    });
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
    nodeFieldOptions: { nullable: true, description: 'The item at the end of the edge.' },
    decodeGlobalID,
    // Every type, field and argument is described (test/schema-descriptions.test.ts), the plugin's own too.
    idFieldOptions: { description: 'A globally unique id (Relay): derived from the ARN, so it names the region; resolve it with node(id).' },
    nodeTypeOptions: { description: 'Anything with a global id, resolvable with node(id) and nodes(ids).' },
    pageInfoTypeOptions: { description: 'Where a page of a connection stands in the whole list.' },
    nodeQueryOptions: {
      description: 'Any object by its global id; null when it does not exist.',
      args: { id: { description: 'A global id, as an id field returned it.' } },
    },
    nodesQueryOptions: {
      description: 'Objects by their global ids, in the same order; null for each one that does not exist.',
      args: { ids: { description: 'Global ids, as id fields returned them.' } },
    },
    cursorFieldOptions: { description: 'Pass this as `after` to continue after this item.' },
    edgesFieldOptions: { nullable: { list: false, items: false }, description: 'The items of this page, each with its cursor.' },
    nodesOnConnection: { description: 'The items of this page (the nodes of edges, without cursors).' },
    pageInfoFieldOptions: { description: 'Whether more items follow, and the cursors to continue from.' },
    hasNextPageFieldOptions: { description: 'Whether another page follows this one.' },
    hasPreviousPageFieldOptions: { description: 'Whether this page was asked for with `after` (items come before it).' },
    startCursorFieldOptions: { description: 'The cursor of the first item of this page; null when it is empty.' },
    endCursorFieldOptions: { description: 'Pass this as `after` for the next page; null when nothing more can follow.' },
  },
  errors: {},
});
