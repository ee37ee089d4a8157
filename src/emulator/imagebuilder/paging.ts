import { createHash } from 'node:crypto';
import { ImageBuilderError } from './errors';

/**
 * nextToken paging for the list operations: a page of at most maxResults (the model allows
 * 1–25; 25 unless asked), and a token naming the last item returned. The token is bound to the
 * list it came from (the operation, what it lists, its filters), so it cannot continue another;
 * a token this service did not give is InvalidPaginationTokenException, as the model says.
 */
const DEFAULT_PAGE_SIZE = 25;

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

const fingerprint = (list: unknown) => createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 16);

export interface PageRequest<T> {
  /** The whole list, in its order. */
  ordered: T[];
  /** An item's name in a token (its ARN). */
  keyOf(item: T): string;
  /** Whether the list is in its keys' order: then a page resumes after the named key even if that item is gone since. */
  inKeyOrder: boolean;
  /** What the list is (operation, parent, filters), which a token must have come from. */
  list: unknown;
  maxResults?: number;
  nextToken?: string;
}

/** One page of the list, resuming after the item the token names. */
export function pageOf<T>({ ordered, keyOf, inKeyOrder, list, maxResults, nextToken }: PageRequest<T>): Page<T> {
  const size = maxResults ?? DEFAULT_PAGE_SIZE;
  const after = nextToken === undefined ? undefined : decode(nextToken, fingerprint(list));
  const start = after === undefined ? 0 : positionAfter(ordered, keyOf, after, inKeyOrder);
  const items = ordered.slice(start, start + size);
  const more = start + size < ordered.length;
  return { items, ...(more ? { nextToken: Buffer.from(JSON.stringify({ l: fingerprint(list), a: keyOf(items[items.length - 1]!) })).toString('base64') } : {}) };
}

function decode(token: string, list: string): string {
  try {
    const { l, a } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { l?: unknown; a?: unknown };
    if (l === list && typeof a === 'string') return a;
  } catch {
    // refused below
  }
  throw new ImageBuilderError('InvalidPaginationTokenException', 'The nextToken is not one this list returned.');
}

/** Where the next page starts: after the named item (in a list in key order, after where it was, whether or not it still is). */
function positionAfter<T>(ordered: T[], keyOf: (item: T) => string, after: string, inKeyOrder: boolean): number {
  const index = inKeyOrder ? ordered.findIndex((item) => keyOf(item) > after) : ordered.findIndex((item) => keyOf(item) === after) + 1;
  return index < 0 || (!inKeyOrder && index === 0) ? ordered.length : index;
}
