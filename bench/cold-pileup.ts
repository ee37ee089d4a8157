import type { Emulator } from '../src/emulator/server';
import { callsSince, postQuery } from './one-query';
import { dashboardQuery } from './queries';
import { type BenchServer, rssBytes } from './servers';

/**
 * Scenario 8: `clients` dashboards arriving together on a cold cache, all polling one listing,
 * then one poll each on the filled cache, arriving as polling dashboards do (each at a random
 * moment of one polling interval). The gateway runs in a process of its own for it, so
 * its peak RSS is this load's alone. "One upstream latency" is what one client alone waits for
 * the same listing, cold, in another region of the same run.
 */
export interface PileupRound {
  clients: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-200 answers (admission's 503 among them) and answers with errors. */
  failures: number;
  peakRssMb: number;
}

export interface ColdPileupResult {
  rows: number;
  /** The listing cold, one client alone. */
  loneColdMs: number;
  startRssMb: number;
  cold: PileupRound;
  /** One poll each, spread over a polling interval, on the filled cache. */
  warm: PileupRound;
  /** Upstream calls the cold pile-up caused: the shared reads make them one listing's worth. */
  coldUpstreamCalls: number;
}

const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One request from each client, all at once or (spreadMs) each at a random moment within that window, as polling dashboards arrive. */
async function burst(server: BenchServer, query: string, clients: number, spreadMs = 0): Promise<PileupRound> {
  let peak = rssBytes(server.pid) ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid) ?? 0)), RSS_SAMPLE_MS);
  const latencies: number[] = [];
  let failures = 0;
  try {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        if (spreadMs > 0) await sleep(Math.random() * spreadMs);
        const started = performance.now();
        const { status, body } = await postQuery(server.url, query).catch(() => ({ status: 0, body: {} as { errors?: unknown[] } }));
        latencies.push(performance.now() - started);
        if (status !== 200 || body.errors?.length) failures++;
      }),
    );
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rssBytes(server.pid) ?? 0);
  latencies.sort((a, b) => a - b);
  return { clients, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), failures, peakRssMb: peak / MB };
}

export async function measureColdPileup(
  server: BenchServer,
  emulator: Emulator,
  options: { loneRegion: string; pileupRegion: string; rows: number; clients: number; warmSpreadMs: number },
): Promise<ColdPileupResult> {
  const lone = performance.now();
  const answer = await postQuery(server.url, dashboardQuery(options.loneRegion, options.rows));
  if (answer.status !== 200 || answer.body.errors) throw new Error(`the gateway does not answer the pile-up's listing: ${JSON.stringify(answer.body)}`);
  const loneColdMs = performance.now() - lone;
  const startRssMb = (rssBytes(server.pid) ?? 0) / MB;
  const query = dashboardQuery(options.pileupRegion, options.rows);
  const mark = Date.now();
  const cold = await burst(server, query, options.clients);
  const coldUpstreamCalls = callsSince(emulator, mark).total;
  const warm = await burst(server, query, options.clients, options.warmSpreadMs);
  return { rows: options.rows, loneColdMs, startRssMb, cold, warm, coldUpstreamCalls };
}

/** The targets: under 300 MB RSS, p99 under 3 × the warm p99 plus one upstream latency, every client answered. */
export function coldPileupTargets(result: ColdPileupResult): { name: string; figure: string; met: boolean }[] {
  const { cold, warm } = result;
  const bound = 3 * warm.p99Ms + result.loneColdMs;
  return [
    { name: `S8 ${cold.clients} clients on a cold cache: peak RSS < 300 MB`, figure: `${cold.peakRssMb.toFixed(0)} MB (warm: ${warm.peakRssMb.toFixed(0)} MB)`, met: cold.peakRssMb < 300 },
    {
      name: `S8 cold p99 < 3 × warm p99 + one upstream latency`,
      figure: `${cold.p99Ms.toFixed(0)} ms vs 3 × ${warm.p99Ms.toFixed(0)} + ${result.loneColdMs.toFixed(0)} = ${bound.toFixed(0)} ms`,
      met: cold.p99Ms < bound,
    },
    { name: `S8 every client answered`, figure: `${cold.failures} cold and ${warm.failures} warm failures`, met: cold.failures === 0 && warm.failures === 0 },
  ];
}
