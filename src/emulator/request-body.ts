import type { IncomingMessage } from 'node:http';

/** A request's body, refused with `tooLarge` as soon as it passes `maxBytes`, before the rest is read. */
export async function readBoundedBody(request: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JSON protocol's input (awsJson, rest-json): a JSON object, or nothing (a call without input
 * may send an empty body). `refuse` makes the service's own error of each refusal.
 */
export async function readJsonObjectBody(request: IncomingMessage, maxBytes: number, refuse: (message: string) => Error): Promise<Record<string, unknown>> {
  const text = await readBoundedBody(request, maxBytes, () => refuse('Request body is too large.'));
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse('Request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse('Request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}
