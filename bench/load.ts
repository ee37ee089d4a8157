import autocannon from 'autocannon';
import { rssBytes } from './servers';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers and connection errors. */
  failures: number;
  memory: MemoryResult | null;
}

export interface MemoryResult {
  peakRssMb: number;
  /** Mean RSS over the first and the last third of the measured run. */
  firstThirdMb: number;
  lastThirdMb: number;
  samples: number;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

const MB = 1024 * 1024;
const SAMPLE_MS = 250;

function run(url: string, query: string, connections: number, seconds: number): Promise<autocannon.Result> {
  const options = { url, connections, duration: seconds, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) };
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/**
 * Closed-loop load from `connections` clients: a warm-up (JIT, caches, connection pools), then
 * the measured run, with the server's RSS sampled throughout the latter.
 */
export async function load(url: string, query: string, pid: number, options: LoadOptions): Promise<LoadResult> {
  await run(url, query, options.connections, options.warmupSeconds);
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const rss = rssBytes(pid);
    if (rss !== null) samples.push(rss);
  }, SAMPLE_MS);
  const result = await run(url, query, options.connections, options.seconds).finally(() => clearInterval(sampler));
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors,
    memory: memoryOf(samples),
  };
}

function memoryOf(samples: number[]): MemoryResult | null {
  if (samples.length < 3) return null;
  const third = Math.floor(samples.length / 3);
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length / MB;
  return {
    peakRssMb: Math.max(...samples) / MB,
    firstThirdMb: mean(samples.slice(0, third)),
    lastThirdMb: mean(samples.slice(-third)),
    samples: samples.length,
  };
}
