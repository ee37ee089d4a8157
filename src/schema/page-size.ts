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
