import type { ProgressEvent } from '@aws-sdk/client-cloudcontrol';
import type { ResourceModel } from '../../resources/registry-schema';
import type { Where } from '../where';

export type WriteOperation = 'CREATE' | 'UPDATE' | 'DELETE';
export type RequestStatusValue = 'PENDING' | 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCEL_IN_PROGRESS' | 'CANCEL_COMPLETE';
export const FINAL_STATUSES: readonly RequestStatusValue[] = ['SUCCESS', 'FAILED', 'CANCEL_COMPLETE'];

/** A Cloud Control ProgressEvent in the gateway's terms, with its account and region (requests are regional). */
export interface ResourceRequestState {
  accountId: string;
  region: string;
  requestToken: string;
  typeName: string;
  identifier: string | null;
  operation: WriteOperation;
  status: RequestStatusValue;
  statusMessage: string | null;
  errorCode: string | null;
  eventTime: Date | null;
  retryAfter: Date | null;
  resourceModel: ResourceModel | null;
}

export function fromProgressEvent({ accountId, region }: Where, event: ProgressEvent | undefined): ResourceRequestState {
  if (!event?.RequestToken || !event.Operation || !event.OperationStatus) {
    throw new Error('Cloud Control returned a ProgressEvent without a request token, operation or status');
  }
  return {
    accountId,
    region,
    requestToken: event.RequestToken,
    typeName: event.TypeName ?? '',
    identifier: event.Identifier ?? null,
    operation: event.Operation as WriteOperation,
    status: event.OperationStatus as RequestStatusValue,
    statusMessage: event.StatusMessage || null,
    errorCode: event.ErrorCode ?? null,
    eventTime: event.EventTime ?? null,
    retryAfter: event.RetryAfter ?? null,
    resourceModel: event.ResourceModel ? (JSON.parse(event.ResourceModel) as ResourceModel) : null,
  };
}

export function isFinal(state: ResourceRequestState): boolean {
  return FINAL_STATUSES.includes(state.status);
}
