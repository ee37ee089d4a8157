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
  /** Each round's own figures, in the order the rounds ran (absent in reports from before they were kept). */
  rounds?: RoundResult[];
}

export interface RoundResult {
  requestsPerSecond: number;
  cpuMsPerRequest: number | null;
}

/** A ratio of one server's figure to another's, round by round: the median, and the middle half's range. */
export interface PairedRatio {
  median: number;
  lowQuartile: number;
  highQuartile: number;
  rounds: number;
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
 * down or speeds up during the run weighs on both alike (and `pairedRatio` compares them round
 * by round). Each server's RSS is sampled while it is under load.
 */
export async function compareLoad(targets: LoadTarget[], query: string, options: LoadOptions): Promise<LoadResult[]> {
  for (const target of targets) await run(target.url, query, options.connections, options.warmupSeconds);
  const rounds = targets.map(() => [] as autocannon.Result[]);
  const samples = targets.map(() => [] as number[]);
  const roundFigures = targets.map(() => [] as RoundResult[]);
  const cpu = targets.map(() => 0 as number | null);
  const roundSeconds = Math.max(1, Math.round(options.seconds / options.rounds));
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const sampler = setInterval(() => {
        const rss = rssBytes(target.pid);
        if (rss !== null) samples[index]!.push(rss);
      }, SAMPLE_MS);
      const cpuBefore = cpuMs(target.pid);
      const result = await run(target.url, query, options.connections, roundSeconds).finally(() => clearInterval(sampler));
      const cpuAfter = cpuMs(target.pid);
      const roundCpu = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
      rounds[index]!.push(result);
      roundFigures[index]!.push({
        requestsPerSecond: result.requests.total / result.duration,
        cpuMsPerRequest: roundCpu === null || result.requests.total === 0 ? null : roundCpu / result.requests.total,
      });
      cpu[index] = roundCpu === null || cpu[index] === null ? null : cpu[index]! + roundCpu;
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
      rounds: roundFigures[index],
    };
  });
}

/**
 * `ours ÷ baseline` for one figure, round by round (each baseline round runs just before the
 * round it is paired with), as the median of those ratios. On a shared machine a neighbour's
 * burst of work lands on one server's round: it moves a total over all rounds by its whole
 * weight, and the median of paired rounds hardly at all. Null when the rounds were not kept
 * (an older report) or the figure is missing in any of them.
 */
export function pairedRatio(ours: LoadResult, baseline: LoadResult, figure: keyof RoundResult): PairedRatio | null {
  const a = ours.rounds;
  const b = baseline.rounds;
  if (!a || !b || a.length !== b.length || a.length === 0) return null;
  const ratios: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]![figure];
    const y = b[i]![figure];
    if (x === null || y === null || y === 0) return null;
    ratios.push(x / y);
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number) => {
    // Linear interpolation between the closest ranks.
    const position = q * (ratios.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return ratios[low]! + (ratios[high]! - ratios[low]!) * (position - low);
  };
  return { median: at(0.5), lowQuartile: at(0.25), highQuartile: at(0.75), rounds: ratios.length };
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

/**
 * What a target compares: the paired median where the rounds were kept, the ratio of the totals
 * otherwise; the text gives both, and the middle half of the paired ratios.
 */
export function comparedRatio(ours: LoadResult, baseline: LoadResult, figure: keyof RoundResult): { value: number; text: string } | null {
  const oursTotal = ours[figure];
  const baselineTotal = baseline[figure];
  const total = oursTotal === null || baselineTotal === null || baselineTotal === 0 ? null : oursTotal / baselineTotal;
  const paired = pairedRatio(ours, baseline, figure);
  if (paired) {
    const range = `${paired.lowQuartile.toFixed(2)}–${paired.highQuartile.toFixed(2)}`;
    const overall = total === null ? '' : `; all rounds together ${total.toFixed(2)} ×`;
    return { value: paired.median, text: `${paired.median.toFixed(2)} ×, median of ${paired.rounds} paired rounds (middle half ${range})${overall}` };
  }
  return total === null ? null : { value: total, text: `${total.toFixed(2)} ×` };
}
