import { Agent } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { type BytesAnswer, postBytes } from '../test/support/raw-http';
import { fleetPipelines } from '../src/emulator/seed/fleet';
import { compile } from './build';
import { callsSince, postQuery } from './one-query';
import { dashboardQuery } from './queries';
import { type BenchServer, type EntryOf, rssBytes, startGateway, type UpstreamSettings } from './servers';
import { benchSettings } from './settings';

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
  /** graphql_requests_coalesced_total after both rounds: requests answered with another's result. */
  coalesced: number;
  /** The same load, same run, on a gateway with COALESCE_QUERIES=false (absent in older reports). */
  baseline?: Omit<ColdPileupResult, 'baseline'>;
}

const MB = 1024 * 1024;
const RSS_SAMPLE_MS = 20;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The pile-up's clients post as a browser does (gzip and br accepted), over node:http: fetch's
 * web streams and DecompressionStream cost this load generator, which shares the machine's two
 * cores with the gateway, about a millisecond an answer, and 500 answers in one process queue
 * behind each other. Answers are decoded and checked only after the round (see burst).
 */
const BROWSER_ENCODINGS = { 'accept-encoding': 'gzip, br' };

/** Whether an answer is a 200 carrying data and no errors. */
function answered(answer: BytesAnswer): boolean {
  if (answer.status !== 200) return false;
  const encoding = answer.headers['content-encoding'];
  const text = (encoding === 'gzip' ? gunzipSync(answer.body) : encoding === 'br' ? brotliDecompressSync(answer.body) : answer.body).toString('utf8');
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  return body.data != null && !body.errors?.length;
}

/**
 * One request from each client, all at once or (spreadMs) each at a random moment within that
 * window, as polling dashboards arrive. A client's latency ends when the last byte of its answer
 * has arrived; answers are decompressed, parsed and checked after the round, so checking one does
 * not hold up the clock of the next in this single load-generating process.
 */
async function burst(server: BenchServer, query: string, clients: number, spreadMs = 0): Promise<PileupRound> {
  let peak = rssBytes(server.pid) ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid) ?? 0)), RSS_SAMPLE_MS);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  const answers: (BytesAnswer | undefined)[] = [];
  const client = async () => {
    if (spreadMs > 0) await sleep(Math.random() * spreadMs);
    const started = performance.now();
    answers.push(await postBytes(server.url, query, BROWSER_ENCODINGS, agent).catch(() => undefined));
    latencies.push(performance.now() - started);
  };
  try {
    const running: Promise<void>[] = [];
    for (let i = 0; i < clients; i++) {
      running.push(client());
      // A turn of the event loop between clients: the requests already made go out while the
      // next is made, as they would from separate machines, instead of the first waiting in
      // this process until all 500 exist.
      if (spreadMs === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(running);
  } finally {
    clearInterval(sampler);
    agent.destroy();
  }
  peak = Math.max(peak, rssBytes(server.pid) ?? 0);
  const failures = answers.filter((answer) => !answer || !answered(answer)).length;
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
  const metrics = await (await fetch(new URL('/metrics', server.url))).text();
  const coalesced = Number(/^graphql_requests_coalesced_total (\S+)$/m.exec(metrics)?.[1] ?? 0);
  return { rows: options.rows, loneColdMs, startRssMb, cold, warm, coldUpstreamCalls, coalesced };
}

export interface PileupOptions {
  loneRegion: string;
  pileupRegion: string;
  rows: number;
  clients: number;
  warmSpreadMs: number;
  /** Between the two gateways: the rate limit's buckets refill. */
  pause: () => Promise<void>;
}

/**
 * The pile-up twice, each on a fresh gateway process (whose in-process cache starts cold, so the
 * same regions are cold for both): first with COALESCE_QUERIES=false, the baseline, then as
 * deployed.
 */
export async function measureColdPileupAgainstBaseline(
  entryOf: EntryOf,
  emulator: Emulator,
  upstream: UpstreamSettings,
  options: PileupOptions,
  servers: BenchServer[] = [],
): Promise<ColdPileupResult> {
  const once = async (env: Record<string, string>) => {
    await options.pause();
    const gateway = await startGateway(entryOf, { ...upstream, env: { ...upstream.env, ...env } });
    servers.push(gateway);
    try {
      return await measureColdPileup(gateway, emulator, options);
    } finally {
      await gateway.stop();
      servers.splice(servers.indexOf(gateway), 1);
    }
  };
  const baseline = await once({ COALESCE_QUERIES: 'false' });
  const coalescing = await once({});
  return { ...coalescing, baseline };
}

/** The issue's targets: under 300 MB RSS, p99 under 3 × the warm p99 plus one upstream latency, every client answered. */
export function coldPileupTargets(result: ColdPileupResult): { name: string; figure: string; met: boolean }[] {
  const { cold, warm } = result;
  const bound = 3 * warm.p99Ms + result.loneColdMs;
  const base = result.baseline;
  const before = (text: (b: NonNullable<typeof base>) => string) => (base ? `; without coalescing ${text(base)}` : '');
  return [
    {
      name: `S8 ${cold.clients} clients on a cold cache: peak RSS < 300 MB`,
      figure: `${cold.peakRssMb.toFixed(0)} MB (warm: ${warm.peakRssMb.toFixed(0)} MB)${before((b) => `${b.cold.peakRssMb.toFixed(0)} MB`)}`,
      met: cold.peakRssMb < 300,
    },
    {
      name: `S8 cold p99 < 3 × warm p99 + one upstream latency`,
      figure:
        `${cold.p99Ms.toFixed(0)} ms vs 3 × ${warm.p99Ms.toFixed(0)} + ${result.loneColdMs.toFixed(0)} = ${bound.toFixed(0)} ms` +
        before((b) => `${b.cold.p99Ms.toFixed(0)} ms vs ${(3 * b.warm.p99Ms + b.loneColdMs).toFixed(0)} ms`),
      met: cold.p99Ms < bound,
    },
    {
      name: `S8 every client answered`,
      figure:
        `${cold.failures} cold and ${warm.failures} warm failures, ${result.coalesced} coalesced` +
        before((b) => `${b.cold.failures} cold and ${b.warm.failures} warm failures`),
      met: cold.failures === 0 && warm.failures === 0,
    },
  ];
}

/**
 * Scenario 8 alone, against the baseline from the same run:
 * `node -r @swc-node/register bench/cold-pileup.ts` (BENCH_* settings as for `npm run bench`).
 */
async function main(): Promise<void> {
  const settings = benchSettings();
  const regions = { lone: 'eu-west-2', pileup: 'us-east-2' };
  const entryOf = compile();
  const emulator = await startEmulator({
    fleet: { [regions.lone]: settings.pollRows, [regions.pileup]: settings.pollRows },
    settings: { faults: { latencyMs: settings.latencyMs, ratePerSecond: settings.ratePerSecond, rateBurst: settings.rateBurst } },
  });
  const pacing = { CLOUDCONTROL_RATE_PER_SECOND: String(settings.ratePerSecond), CLOUDCONTROL_RATE_BURST: String(Math.max(1, settings.rateBurst - 1)) };
  const servers: BenchServer[] = [];
  try {
    const result = await measureColdPileupAgainstBaseline(
      entryOf,
      emulator,
      { endpoint: emulator.url, env: { ...pacing, ...settings.gatewayEnv } },
      {
        loneRegion: regions.lone,
        pileupRegion: regions.pileup,
        rows: settings.pollRows,
        clients: settings.pileupClients,
        warmSpreadMs: settings.pileupWarmSpreadMs,
        pause: () => sleep(Math.max(500, (settings.rateBurst / settings.ratePerSecond) * 1000)),
      },
      servers,
    );
    console.log(JSON.stringify(result, null, 2));
    for (const target of coldPileupTargets(result)) console.log(`${target.met ? 'met    ' : 'NOT met'}  ${target.name}: ${target.figure}`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await emulator.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
