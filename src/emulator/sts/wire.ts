import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiModel } from '../botocore-model';
import { readBoundedBody } from '../request-body';
import type { ServiceError } from '../service-errors';
import { StsError } from './errors';

/**
 * The AWS query protocol, as STS speaks it: a form-encoded POST (or a GET with the same
 * parameters in the query string) naming `Action` and `Version`, answered in XML: the result
 * inside `<{Action}Response><{Action}Result>`, errors as `<ErrorResponse><Error>`.
 */
const MAX_BODY_BYTES = 64 * 1024;

/** What an operation returns: the action, for the response's element names, and its result's members. */
export interface QueryResult {
  action: string;
  result: Record<string, unknown>;
}

export async function readParameters(request: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBoundedBody(request, MAX_BODY_BYTES, () => new StsError('ValidationError', 'Request body is too large.'));
  const parameters = new URLSearchParams(new URL(request.url ?? '/', 'http://sts').search);
  for (const [name, value] of new URLSearchParams(body)) parameters.append(name, value);
  return parameters;
}

/**
 * An input structure from query parameters, by the model: scalars by name (`RoleArn`), lists as
 * `Name.member.1`, structures inside lists as `Name.member.1.Key`. Integers and booleans are
 * converted; text that is not one stays text, for the constraint check to refuse.
 */
export function readInput(model: ApiModel, shapeName: string, parameters: URLSearchParams, prefix = ''): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(model.shapes[shapeName]?.members ?? {})) {
    const value = readValue(model, member.shape, parameters, `${prefix}${name}`);
    if (value !== undefined) input[name] = value;
  }
  return input;
}

function readValue(model: ApiModel, shapeName: string, parameters: URLSearchParams, key: string): unknown {
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') {
    const nested = readInput(model, shapeName, parameters, `${key}.`);
    return Object.keys(nested).length > 0 ? nested : undefined;
  }
  if (shape.type === 'list') {
    // An empty list is sent as the bare name with no value.
    if (parameters.get(key) === '') return [];
    const items: unknown[] = [];
    for (let index = 1; ; index++) {
      const item = readValue(model, shape.member!.shape, parameters, `${key}.member.${index}`);
      if (item === undefined) return items.length > 0 ? items : undefined;
      items.push(item);
    }
  }
  const text = parameters.get(key);
  if (text === null) return undefined;
  if ((shape.type === 'integer' || shape.type === 'long') && /^-?\d+$/.test(text)) return Number(text);
  if (shape.type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

export function sendResult(response: ServerResponse, { action, result }: QueryResult, model: ApiModel): void {
  const namespace = model.metadata.xmlNamespace!;
  const wrapper = model.operations[action]?.output?.resultWrapper ?? `${action}Result`;
  const requestId = randomUUID();
  send(
    response,
    200,
    `<${action}Response xmlns="${namespace}">${element(wrapper, result)}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    requestId,
  );
}

export function sendError(response: ServerResponse, error: ServiceError, model: ApiModel): void {
  const requestId = randomUUID();
  // The query protocol says whose fault it was: the caller's (Sender) or the service's (Receiver).
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  send(
    response,
    error.status,
    `<ErrorResponse xmlns="${model.metadata.xmlNamespace!}"><Error><Type>${type}</Type><Code>${escape(error.errorName)}</Code><Message>${escape(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    requestId,
  );
}

function send(response: ServerResponse, status: number, body: string, requestId: string): void {
  if (response.headersSent || response.destroyed) return;
  const payload = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  response.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(payload), 'x-amzn-RequestId': requestId });
  response.end(payload);
}

/** A value as XML: objects as child elements in member order, lists as `<member>` items, dates in ISO 8601 (the query protocol's timestamps). */
function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((item) => element('member', item)).join('')}</${name}>`;
  // Whole seconds, as STS writes them (2026-11-24T13:34:41Z).
  if (value instanceof Date) return `<${name}>${value.toISOString().replace(/\.\d{3}Z$/, 'Z')}</${name}>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>).map(([child, item]) => element(child, item)).join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** Text content: only what would end it or start markup is escaped, as AWS writes it. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
