import { CloudControlError } from './errors';
import { OPERATION_STATUSES, WRITE_OPERATIONS } from '../store';
import type { OperationContext } from '../operation-context';
import { integerMember, RULES, stringListMember, stringMember } from './input-rules';
import { progressEvent } from './progress-event';

type Input = Record<string, unknown>;

export function getResourceRequestStatus(input: Input, { store, place }: OperationContext) {
  const token = stringMember(input, 'RequestToken', RULES.RequestToken, true);
  return { ProgressEvent: progressEvent(store.request(place, token)) };
}

/**
 * Pages of MaxResults (default 20, as the model documents). The token holds the position of the
 * last listed request in the order of all requests, not the request itself: a listed request may
 * leave the filter before the next page (IN_PROGRESS becomes SUCCESS), or expire, and the next
 * page must still continue after it without repeating or skipping a request that still matches.
 */
export function listResourceRequests(input: Input, { store, place }: OperationContext) {
  const maxResults = integerMember(input, 'MaxResults', 1, 100) ?? 20;
  const token = stringMember(input, 'NextToken', RULES.NextToken);
  const operations = stringListMember(input, ['ResourceRequestStatusFilter', 'Operations'], WRITE_OPERATIONS);
  const statuses = stringListMember(input, ['ResourceRequestStatusFilter', 'OperationStatuses'], OPERATION_STATUSES);
  const before = token === undefined ? Infinity : decodeRequestsToken(token);
  const requests = store.requestsIn(place, operations, statuses, before);
  const page = requests.slice(0, maxResults);
  const more = requests.length > maxResults;
  return {
    ResourceRequestStatusSummaries: page.map(progressEvent),
    ...(more ? { NextToken: encodeRequestsToken(page[page.length - 1]!.sequence) } : {}),
  };
}

function encodeRequestsToken(sequence: number): string {
  return Buffer.from(JSON.stringify({ s: sequence })).toString('base64');
}

function decodeRequestsToken(token: string): number {
  try {
    const { s } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { s?: unknown };
    if (typeof s === 'number' && Number.isInteger(s) && s > 0) return s;
  } catch {
    // fall through
  }
  throw new CloudControlError('InvalidRequestException', 'The NextToken is not one this service returned.');
}

export function cancelResourceRequest(input: Input, { store, place }: OperationContext) {
  const token = stringMember(input, 'RequestToken', RULES.RequestToken, true);
  return { ProgressEvent: progressEvent(store.cancel(place, token)) };
}
