import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from './context';
import { badInput } from './errors';

const NODE_TYPES = ['ImagePipeline'];

/**
 * Relay global ids are base64 of `Type:id`; the ImagePipeline id is its ARN, so the id alone is
 * enough to find the pipeline, region included. A bad id is the caller's mistake, said plainly.
 */
function decodeGlobalID(globalID: string) {
  const decoded = Buffer.from(globalID, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  if (separator < 1 || !NODE_TYPES.includes(typename) || Buffer.from(decoded, 'utf8').toString('base64') !== globalID) {
    throw badInput(`id "${globalID.slice(0, 200)}" is not a node id of this API; use the id field of an ImagePipeline.`, { argument: 'id' });
  }
  return { typename, id: decoded.slice(separator + 1) };
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
