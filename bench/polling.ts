import type { Emulator } from '../src/emulator/server';
import { callsSince, postQuery } from './one-query';

export interface PollingResult {
  clients: number;
  seconds: number;
  polls: number;
  /** Answers with GraphQL errors or a non-200 status. */
  failedPolls: number;
  upstreamCalls: number;
  upstreamCallsPerSecond: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `clients` dashboards each refreshing the same query every `intervalMs` (after the previous
 * answer), starting at random moments within one interval, for `seconds`; the upstream calls
 * they cause, per second.
 */
export async function poll(url: string, query: string, emulator: Emulator, options: { clients: number; intervalMs: number; seconds: number }): Promise<PollingResult> {
  const mark = Date.now();
  const end = mark + options.seconds * 1000;
  let polls = 0;
  let failedPolls = 0;
  const client = async () => {
    await sleep(Math.random() * options.intervalMs);
    while (Date.now() < end) {
      const { status, body } = await postQuery(url, query);
      polls += 1;
      if (status !== 200 || body.errors?.length) failedPolls += 1;
      await sleep(Math.min(options.intervalMs, Math.max(0, end - Date.now())));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const seconds = (Date.now() - mark) / 1000;
  const upstreamCalls = callsSince(emulator, mark).total;
  return { clients: options.clients, seconds, polls, failedPolls, upstreamCalls, upstreamCallsPerSecond: upstreamCalls / seconds };
}
