import autocannon from 'autocannon';
import { cpuMs, rssBytes } from './servers';

export interface LoadResult {
  requestsPerSecond: number;
  /** Means over the rounds of each round's percentile. */
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Non-2xx answers and connection errors. */
  failures: number;
  memory: MemoryResult | null;
  /** Server CPU time (user + system, from /proc) per answered request in the measured rounds; null where there is no /proc. */
  cpuMsPerRequest: number | null;
}

export interface MemoryResult {
  peakRssMb: number;
  /** Mean RSS over the first and the last third of the samples taken under load. */
  firstThirdMb: number;
  lastThirdMb: number;
  samples: number;
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  /** Measured seconds per server, split into `rounds` that alternate between the servers. */
  seconds: number;
  rounds: number;
}

export interface LoadTarget {
  url: string;
  pid: number;
}

const MB = 1024 * 1024;
const SAMPLE_MS = 250;

function run(url: string, query: string, connections: number, seconds: number): Promise<autocannon.Result> {
  const options = { url, connections, duration: seconds, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) };
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

/**
 * Closed-loop load from `connections` clients on each server in turn: a warm-up each (JIT,
 * caches, connection pools), then rounds that alternate between them, so a machine that slows
 * down or speeds up during the run weighs on both alike. Each server's RSS is sampled while it
 * is under load.
 */
export async function compareLoad(targets: LoadTarget[], query: string, options: LoadOptions): Promise<LoadResult[]> {
  for (const target of targets) await run(target.url, query, options.connections, options.warmupSeconds);
  const rounds = targets.map(() => [] as autocannon.Result[]);
  const samples = targets.map(() => [] as number[]);
  const cpu = targets.map(() => 0 as number | null);
  const roundSeconds = Math.max(1, Math.round(options.seconds / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const sampler = setInterval(() => {
        const rss = rssBytes(target.pid);
        if (rss !== null) samples[index]!.push(rss);
      }, SAMPLE_MS);
      const cpuBefore = cpuMs(target.pid);
      rounds[index]!.push(await run(target.url, query, options.connections, roundSeconds).finally(() => clearInterval(sampler)));
      const cpuAfter = cpuMs(target.pid);
      cpu[index] = cpuBefore === null || cpuAfter === null || cpu[index] === null ? null : cpu[index]! + (cpuAfter - cpuBefore);
    }
  }
  return rounds.map((results, index) => {
    const mean = (pick: (result: autocannon.Result) => number) => results.reduce((sum, result) => sum + pick(result), 0) / results.length;
    const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
    return {
      requestsPerSecond: requests / results.reduce((sum, result) => sum + result.duration, 0),
      p50Ms: mean((result) => result.latency.p50),
      p99Ms: mean((result) => result.latency.p99),
      requests,
      failures: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
      memory: memoryOf(samples[index]!),
      cpuMsPerRequest: cpu[index] === null || requests === 0 ? null : cpu[index]! / requests,
    };
  });
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
