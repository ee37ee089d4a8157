import { DEFAULT_PAGE_SIZE } from '../config/config';
import type { GatewayContext } from '../context';
import { badInput } from '../errors';

/** `first`, checked against the documented bounds before anything is read. */
export function pageSize(context: GatewayContext, first: number | null | undefined): number {
  const { defaultPageSize, maxPageSize } = context.settings;
  if (first === null || first === undefined) return defaultPageSize;
  if (first < 0 || first > maxPageSize) {
    throw badInput(`first must be between 0 and ${maxPageSize}; got ${first}.`, { argument: 'first', maximum: maxPageSize });
  }
  return first;
}

export const FIRST_DESCRIPTION = (items: string) =>
  `How many ${items} to return: 0 to MAX_PAGE_SIZE (100 unless configured); ${DEFAULT_PAGE_SIZE} when omitted.`;
