import type { Page } from '../upstream/cloudcontrol/cloud-control';

/**
 * Where a page of results starts: the upstream page (by its service token; undefined for the
 * first page) and how many of that page's items were already returned. Cloud Control decides
 * its own page sizes, so a position inside a page is what lets `first` be honoured exactly.
 */
export interface ListPosition {
  token: string | undefined;
  offset: number;
}


export interface ListWindow<T> {
  /** Each item with the position just after it, from which the next window resumes. */
  items: { item: T; after: ListPosition }[];
  hasNextPage: boolean;
  /** Where the next window starts; set even when no item was returned but more may follow. */
  end: ListPosition | undefined;
}

/** A guard against a service that keeps answering empty pages with a next token. */
const MAX_PAGES_PER_WINDOW = 50;

/**
 * Reads exactly `first` items from `start`, across as many upstream pages as that takes, and no
 * page more: whether there is a next page is known from the last page read (items left over or
 * a next token), so a window never fetches ahead just to find out.
 */
export async function readWindow<T>(
  fetchPage: (token: string | undefined) => Promise<Page<T>>,
  start: ListPosition,
  first: number,
  /** Told each page's items the window takes, as soon as the page arrives. */
  onTaken?: (items: T[]) => void,
): Promise<ListWindow<T>> {
  const items: ListWindow<T>['items'] = [];
  let position = start;
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(position.token);
    const available = page.items.slice(position.offset);
    const taken = available.slice(0, first - items.length);
    onTaken?.(taken);
    taken.forEach((item, index) => {
      const offset = position.offset + index + 1;
      // After a page's last item, resume at the next page rather than at an exhausted one.
      const after = offset >= page.items.length && page.nextToken ? { token: page.nextToken, offset: 0 } : { token: position.token, offset };
      items.push({ item, after });
    });
    const last = items[items.length - 1]?.after;
    if (items.length >= first) {
      return { items, hasNextPage: available.length > taken.length || page.nextToken !== undefined, end: last ?? position };
    }
    if (page.nextToken === undefined) return { items, hasNextPage: false, end: last ?? position };
    position = { token: page.nextToken, offset: 0 };
    if (pages >= MAX_PAGES_PER_WINDOW) return { items, hasNextPage: true, end: position };
  }
}
