/**
 * What the benchmark simulates and how long it measures, from BENCH_* variables. The defaults
 * model Cloud Control as the issue describes it (hundreds of milliseconds a call, tens of calls
 * a second) and keep the whole run under five minutes on two cores.
 */
export interface BenchSettings {
  /** Emulator latency per call. */
  latencyMs: number;
  /** Emulator rate limit per region, calls a second, and how many it lets through at once. */
  ratePerSecond: number;
  rateBurst: number;
  /** Distinct pipelines per query in scenario 1, and those the naive resolver also answers. */
  distinct: number[];
  naiveDistinct: number[];
  /** Rows of the dashboard listing in scenario 2. */
  dashboardRows: number;
  /** Scenario 3: polling clients, their refresh interval, the rows of their table, and how long. */
  pollClients: number;
  pollIntervalMs: number;
  pollRows: number;
  pollSeconds: number;
  /**
   * Scenarios 4 and 7: autocannon connections (scenario 4's), warm-up and measured seconds per
   * server, and the rounds they alternate in. One-second rounds: the targets are medians of paired
   * rounds (load.ts, pairedRatio), and fifteen pairs outvote a neighbour's burst where three did not.
   */
  connections: number;
  warmupSeconds: number;
  loadSeconds: number;
  loadRounds: number;
  /** Scenario 8: clients arriving together on a cold cache, and the window their warm polls arrive in. */
  pileupClients: number;
  pileupWarmSpreadMs: number;
  /** Scenario 9: starts of each command, and the first of the two ports they listen on. */
  startRuns: number;
  startPort: number;
  /** Scenario 7: pipelines per query, through a gateway that learns its pace and one paced by hand. */
  pacingSizes: number[];
  /** Extra gateway environment (e.g. BENCH_GATEWAY_ENV='CACHE_TTL_SECONDS=0'). */
  gatewayEnv: Record<string, string>;
}

const number = (name: string, fallback: number) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name}="${value}" is not a non-negative number`);
  return parsed;
};
const numbers = (name: string, fallback: number[]) => (process.env[name] ? process.env[name]!.split(',').map((n) => number(name, Number(n))) : fallback);

function pairs(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(text.split(',').map((pair) => pair.split('=') as [string, string]));
}

export function benchSettings(): BenchSettings {
  return {
    latencyMs: number('BENCH_LATENCY_MS', 200),
    ratePerSecond: number('BENCH_RATE_PER_SECOND', 25),
    rateBurst: number('BENCH_RATE_BURST', 5),
    distinct: numbers('BENCH_DISTINCT', [10, 50, 100]),
    naiveDistinct: numbers('BENCH_NAIVE_DISTINCT', [10, 50]),
    dashboardRows: number('BENCH_DASHBOARD_ROWS', 100),
    pollClients: number('BENCH_POLL_CLIENTS', 50),
    pollIntervalMs: number('BENCH_POLL_INTERVAL_MS', 2000),
    pollRows: number('BENCH_POLL_ROWS', 20),
    pollSeconds: number('BENCH_POLL_SECONDS', 24),
    connections: number('BENCH_CONNECTIONS', 20),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 3),
    loadSeconds: number('BENCH_LOAD_SECONDS', 15),
    loadRounds: number('BENCH_LOAD_ROUNDS', 15),
    pileupClients: number('BENCH_PILEUP_CLIENTS', 500),
    pileupWarmSpreadMs: number('BENCH_PILEUP_WARM_SPREAD_MS', 10_000),
    startRuns: number('BENCH_START_RUNS', 5),
    startPort: number('BENCH_START_PORT', 4710),
    pacingSizes: numbers('BENCH_PACING_SIZES', [200, 1000]),
    gatewayEnv: pairs(process.env.BENCH_GATEWAY_ENV),
  };
}
