import type { GraphQLResponse } from './stack';

export type Result = GraphQLResponse['body'];

export interface SSESubscription {
  status: number;
  headers: Headers;
  /** The next result the stream sends (its next `next` event), or undefined once it has completed. */
  next(): Promise<Result | undefined>;
  /** Every result until the stream completes. */
  rest(): Promise<Result[]>;
  /** Whether the server ended the stream with a `complete` event. */
  readonly completed: boolean;
  /** Drops the connection, as a closed browser tab does. */
  close(): void;
}

/**
 * A GraphQL subscription over Server-Sent Events, as a browser client sends it (a JSON POST with
 * Accept: text/event-stream), with the text/event-stream parsed here: events are separated by a
 * blank line, `event:` and `data:` lines name and carry them, lines starting with `:` are pings.
 */
export async function subscribe(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<SSESubscription> {
  const controller = new AbortController();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let completed = false;
  let ended = false;

  const nextEvent = async (): Promise<{ event: string; data: string } | undefined> => {
    for (;;) {
      const boundary = buffer.indexOf('\n\n');
      if (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const lines = block.split('\n').filter((line) => !line.startsWith(':'));
        if (lines.length === 0) continue;
        const field = (name: string) =>
          lines
            .filter((line) => line.startsWith(`${name}:`))
            .map((line) => line.slice(name.length + 1).replace(/^ /, ''))
            .join('\n');
        return { event: field('event') || 'message', data: field('data') };
      }
      if (ended) return undefined;
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) ended = true;
      else buffer += decoder.decode(chunk.value, { stream: true });
    }
  };

  const next = async (): Promise<Result | undefined> => {
    if (completed) return undefined;
    const event = await nextEvent();
    if (!event) throw new Error('the stream ended without a complete event');
    if (event.event === 'complete') {
      completed = true;
      return undefined;
    }
    if (event.event !== 'next') throw new Error(`unexpected event ${event.event}: ${event.data}`);
    return JSON.parse(event.data) as Result;
  };

  return {
    status: response.status,
    headers: response.headers,
    next,
    async rest() {
      const results: Result[] = [];
      for (let result = await next(); result; result = await next()) results.push(result);
      return results;
    },
    get completed() {
      return completed;
    },
    close: () => controller.abort(),
  };
}
