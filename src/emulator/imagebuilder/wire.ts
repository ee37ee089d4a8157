import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { violationMessage, violations } from '../botocore-model';
import { readJsonObjectBody } from '../request-body';
import type { ServiceError } from '../service-errors';
import { IMAGE_BUILDER_MODEL as MODEL } from './api-model';
import { ImageBuilderError } from './errors';

/**
 * rest-json, as the Image Builder model binds it: each operation is a method and a path
 * (`GET /GetImagePipeline`, `PUT /StartImagePipelineExecution`), its input members either in the
 * query string (`location: querystring`) or in a JSON body; results are JSON, errors name
 * themselves in `x-amzn-ErrorType` with a `{"message"}` body and the modelled status.
 */
const MAX_BODY_BYTES = 1024 * 1024;

/** The operation a method and path name in the model, whether or not the emulator serves it. */
export function routeOf(method: string, path: string): string | undefined {
  return Object.values(MODEL.operations).find((operation) => operation.http.method === method && operation.http.requestUri.split('?')[0] === path)?.name;
}


/** The operation's input: query-string members from the URL, the rest from the JSON body. */
export async function readInput(operation: string, request: IncomingMessage): Promise<Record<string, unknown>> {
  const shapeName = MODEL.operations[operation]!.input?.shape;
  const body = await readJsonObjectBody(request, MAX_BODY_BYTES, (message) => new ImageBuilderError('SerializationException', message));
  if (!shapeName) return {};
  const query = new URL(request.url ?? '/', 'http://imagebuilder').searchParams;
  const input: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(MODEL.shapes[shapeName]!.members ?? {})) {
    if (member.location === 'querystring') {
      const text = query.get(member.locationName ?? name);
      if (text !== null) input[name] = queryValue(MODEL.shapes[member.shape]!.type, text);
    } else if (member.location === undefined && body[name] !== undefined) {
      input[name] = body[name];
    }
  }
  return input;
}

/**
 * The input checked against the operation's input shape (required members, patterns, lengths,
 * ranges): its violations are an InvalidParameterValueException in AWS's words.
 */
export function checkInput(operation: string, input: Record<string, unknown>): void {
  const shapeName = MODEL.operations[operation]!.input?.shape;
  const found = shapeName ? violations(MODEL, shapeName, input) : [];
  if (found.length > 0) throw new ImageBuilderError('InvalidParameterValueException', violationMessage(found));
}

function queryValue(type: string, text: string): unknown {
  if ((type === 'integer' || type === 'long') && /^-?\d+$/.test(text)) return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The result as JSON; its `requestId` member, where the output shape has one, is the request id header too. */
export function sendResult(response: ServerResponse, body: Record<string, unknown>): void {
  send(response, 200, body, typeof body.requestId === 'string' ? body.requestId : randomUUID(), {});
}

export function sendError(response: ServerResponse, error: ServiceError): void {
  send(response, error.status, { message: error.message }, randomUUID(), { 'x-amzn-ErrorType': error.errorName });
}

function send(response: ServerResponse, status: number, body: unknown, requestId: string, headers: Record<string, string>): void {
  if (response.headersSent || response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), 'x-amzn-RequestId': requestId, ...headers });
  response.end(payload);
}

/** The output of an operation with the request id, when its output shape has that member (GetWorkflow's has none). */
export function withRequestId(operation: string, body: Record<string, unknown>): Record<string, unknown> {
  const outputShape = MODEL.operations[operation]!.output?.shape;
  return outputShape && MODEL.shapes[outputShape]!.members?.requestId ? { requestId: randomUUID(), ...body } : body;
}
