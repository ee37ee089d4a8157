import type { Page } from '../upstream/cloudcontrol/cloud-control';
import type { GatewayContext } from '../context';
import { readWindow } from '../loaders';

export interface ListConnectionOptions<T, N> {
  /** Which list cursors belong to (see CursorCodec); a cursor of another list is refused. */
  kind: string;
  region: string;
  first: number;
  after: string | null | undefined;
  fetchPage: (token: string | undefined) => Promise<Page<T>>;
  toNode: (item: T) => N;
  /**
   * Told each upstream page's rows as soon as it arrives, before the window is complete: what
   * the rows need next (their details) can start while later pages are still being read.
   */
  onRows?: (items: T[]) => void;
}

/**
 * A Relay connection over a paged upstream list (Cloud Control's, Image Builder's): resumes at the `after` cursor, reads exactly
 * `first` items across the service's pages, and signs a cursor for each edge and the end.
 */
export async function listConnection<T, N>(context: GatewayContext, options: ListConnectionOptions<T, N>) {
  const { kind, region, after } = options;
  const start = after ? context.cursors.decode(kind, region, after) : { token: undefined, offset: 0 };
  const window = await readWindow(options.fetchPage, start, options.first, options.onRows);
  const edges = window.items.map(({ item, after: position }) => ({ node: options.toNode(item), cursor: context.cursors.encode(kind, region, position) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: window.hasNextPage,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: window.end ? context.cursors.encode(kind, region, window.end) : null,
    },
  };
}
