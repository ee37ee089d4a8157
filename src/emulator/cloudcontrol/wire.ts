import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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

export async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new CloudControlError('SerializationException', 'Request body is too large.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // awsJson: a call without input may send an empty body.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CloudControlError('SerializationException', 'Request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CloudControlError('SerializationException', 'Request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
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
