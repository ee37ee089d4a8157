import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJsonObjectBody } from '../request-body';
import type { ServiceError } from '../service-errors';
import { CloudControlError } from './errors';

/** awsJson1_0, as the Smithy model of Cloud Control declares it. */
export const SIGNING_NAME = 'cloudcontrolapi';
export const TARGET_PREFIX = 'CloudApiService.';
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const SHAPE_NAMESPACE = 'com.amazonaws.cloudcontrol#';
const MAX_BODY_BYTES = 1024 * 1024;

export function parseOperation(target: string | string[] | undefined): string {
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    throw new CloudControlError('UnknownOperationException', 'Missing or malformed X-Amz-Target header.');
  }
  return target.slice(TARGET_PREFIX.length);
}

/** The call's input, as awsJson sends it. */
export function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return readJsonObjectBody(request, MAX_BODY_BYTES, (message) => new CloudControlError('SerializationException', message));
}

export function sendResult(response: ServerResponse, body: unknown): void {
  send(response, 200, body, {});
}

export function sendError(response: ServerResponse, error: ServiceError): void {
  send(
    response,
    error.status,
    { __type: `${SHAPE_NAMESPACE}${error.errorName}`, Message: error.message },
    { 'x-amzn-ErrorType': error.errorName },
  );
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (response.headersSent || response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': randomUUID(),
    ...headers,
  });
  response.end(payload);
}

/** Epoch seconds with milliseconds, the JSON 1.0 encoding of a Smithy timestamp. */
export function epochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}
