import type { OperationContext } from './emulator-state';
import { integerMember, RULES, stringListMember, stringMember } from './input-rules';
import { progressEvent } from './progress-event';
import { ServiceError } from './service-errors';
import { OPERATION_STATUSES, WRITE_OPERATIONS } from './store';

type Input = Record<string, unknown>;

export function getResourceRequestStatus(input: Input, { store, region }: OperationContext) {
  const token = stringMember(input, 'RequestToken', RULES.RequestToken, true);
  return { ProgressEvent: progressEvent(store.request(region, token)) };
}

export function listResourceRequests(input: Input, { store, region }: OperationContext) {
  const maxResults = integerMember(input, 'MaxResults', 1, 100) ?? 20;
  const token = stringMember(input, 'NextToken', RULES.NextToken);
  const operations = stringListMember(input, ['ResourceRequestStatusFilter', 'Operations'], WRITE_OPERATIONS);
  const statuses = stringListMember(input, ['ResourceRequestStatusFilter', 'OperationStatuses'], OPERATION_STATUSES);
  const requests = store.requestsIn(region, operations, statuses);
  let start = 0;
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64').toString('utf8');
    start = requests.findIndex((request) => request.requestToken === after) + 1;
    if (start === 0) throw new ServiceError('InvalidRequestException', 'The NextToken is invalid or has expired.');
  }
  const page = requests.slice(start, start + maxResults);
  const more = start + maxResults < requests.length;
  return {
    ResourceRequestStatusSummaries: page.map(progressEvent),
    ...(more ? { NextToken: Buffer.from(page[page.length - 1]!.requestToken).toString('base64') } : {}),
  };
}

export function cancelResourceRequest(input: Input, { store, region }: OperationContext) {
  const token = stringMember(input, 'RequestToken', RULES.RequestToken, true);
  return { ProgressEvent: progressEvent(store.cancel(region, token)) };
}
