import { compareLoad, comparedRatio, type LoadResult } from './load';
import type { BenchServer } from './servers';

/**
 * Scenario 7: the warm path against the like-for-like baseline (graphql-yoga without its body
 * stream, answering a constant of the same shape) at 10 connections, with the CPU each server
 * spends per request. What the gateway adds on a cached pipeline is its own cost.
 */
export interface WarmPathResult {
  connections: number;
  baseline: LoadResult;
  gateway: LoadResult;
}

export const WARM_PATH_CONNECTIONS = 10;

export async function measureWarmPath(
  gateway: BenchServer,
  baseline: BenchServer,
  query: string,
  timing: { warmupSeconds: number; seconds: number; rounds: number },
): Promise<WarmPathResult> {
  const [baselineLoad, gatewayLoad] = await compareLoad([baseline, gateway], query, { connections: WARM_PATH_CONNECTIONS, ...timing });
  return { connections: WARM_PATH_CONNECTIONS, baseline: baselineLoad!, gateway: gatewayLoad! };
}

/**
 * The issue's targets: ≥ 0.85 of the baseline's throughput, ≤ 1.25 × its CPU per request, each
 * as the median of the paired rounds' ratios (load.ts, pairedRatio).
 */
export function warmPathTargets(result: WarmPathResult): { name: string; figure: string; met: boolean }[] {
  const { baseline, gateway } = result;
  const list = [];
  const throughput = comparedRatio(gateway, baseline, 'requestsPerSecond');
  if (throughput) {
    list.push({
      name: `S7 warm, ${result.connections} connections: throughput ≥ 0.85 × yoga without its body stream`,
      figure: `${gateway.requestsPerSecond.toFixed(0)} vs ${baseline.requestsPerSecond.toFixed(0)} req/s (${throughput.text})`,
      met: throughput.value >= 0.85,
    });
  }
  const cpu = comparedRatio(gateway, baseline, 'cpuMsPerRequest');
  if (cpu && gateway.cpuMsPerRequest !== null && baseline.cpuMsPerRequest !== null) {
    list.push({
      name: 'S7 warm: CPU per request ≤ 1.25 × that yoga',
      figure: `${(gateway.cpuMsPerRequest * 1000).toFixed(0)} vs ${(baseline.cpuMsPerRequest * 1000).toFixed(0)} µs (${cpu.text})`,
      met: cpu.value <= 1.25,
    });
  }
  return list;
}
