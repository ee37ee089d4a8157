import type { Emulator } from '../src/emulator/server';

/** The upstream calls the emulator received since a mark, by what they were and how they ended. */
export interface UpstreamCalls {
  getResource: number;
  listResources: number;
  /** Calls answered with ThrottlingException (each also counted above): retries the SDK had to make. */
  throttled: number;
  total: number;
}

export function callsSince(emulator: Emulator, since: number): UpstreamCalls {
  const calls = emulator.calls.calls().filter((call) => call.startedAt >= since);
  return {
    getResource: calls.filter((call) => call.operation === 'GetResource').length,
    listResources: calls.filter((call) => call.operation === 'ListResources').length,
    throttled: calls.filter((call) => call.outcome === 'ThrottlingException').length,
    total: calls.length,
  };
}

export interface QueryResult {
  wallMs: number;
  calls: UpstreamCalls;
  /** GraphQL errors in the answer (a throttled or failed field), which a fair comparison must show. */
  errors: number;
  status: number;
}

export async function postQuery(url: string, query: string): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: unknown[] } };
}

/** One query, timed from the client's side, with the upstream calls it caused. */
export async function measureQuery(url: string, query: string, emulator: Emulator): Promise<QueryResult> {
  const mark = Date.now();
  const started = performance.now();
  const { status, body } = await postQuery(url, query);
  const wallMs = performance.now() - started;
  return { wallMs, calls: callsSince(emulator, mark), errors: body.errors?.length ?? 0, status };
}

/**
 * The least time any client could take for `calls` upstream calls: the rate limit lets no more
 * than `rate` through a second, and `rounds` calls must follow one another (a request keeps at
 * most `concurrency` in flight, and list pages come one after another), each taking `latencyMs`.
 */
export function boundMs(calls: number, rounds: number, settings: { ratePerSecond: number; latencyMs: number }): number {
  return Math.max((calls / settings.ratePerSecond) * 1000, rounds * settings.latencyMs);
}
