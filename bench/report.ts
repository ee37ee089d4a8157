import { formatLearnedPacing, learnedPacingTargets, type LearnedPacingResult } from './learned-pacing';
import { comparedRatio, type LoadResult } from './load';
import type { QueryResult } from './one-query';
import type { PollingResult } from './polling';
import type { ReplicasResult } from './replicas';
import type { BenchSettings } from './settings';
import { type ColdPileupResult, coldPileupTargets } from './cold-pileup';
import type { StartResult } from './start';
import { type WarmPathResult, warmPathTargets } from './warm-path';

export interface Report {
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  settings: BenchSettings & { concurrency: number; cacheTtlSeconds: number };
  scenario1: { distinct: number; boundMs: number; gateway: QueryResult; naive: QueryResult | null }[];
  scenario2: { rows: number; boundMs: number; gateway: QueryResult };
  scenario3: { oneClient: PollingResult; manyClients: PollingResult };
  /** `bare` is stock graphql-yoga (the target's baseline); `bareWithoutBodyStream` reads bodies as the gateway does. */
  scenario4: { bare: LoadResult; bareWithoutBodyStream: LoadResult; gateway: LoadResult };
  /** Two replicas, each paced at the whole rate, without and with Redis. */
  scenario6?: ReplicasResult;
  scenario7?: WarmPathResult;
  scenario8?: ColdPileupResult;
  /** npmLaunchMs: absent in reports from before it was measured. */
  scenario9?: { npmStart: StartResult; compiled: StartResult; npmLaunchMs?: number };
  /** One fan-out through a gateway that learns its pace, and through one paced by hand. */
  scenario10?: LearnedPacingResult;
  runSeconds: number;
}

export interface Target {
  name: string;
  figure: string;
  met: boolean;
}

const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

/** The issue's targets, each as a ratio from this run. */
export function targets(report: Report): Target[] {
  const list: Target[] = [];
  for (const row of report.scenario1) {
    const { gateway, naive, distinct, boundMs } = row;
    const exact = gateway.calls.getResource === distinct && gateway.calls.throttled === 0;
    list.push({ name: `S1 D=${distinct}: one GetResource per distinct pipeline`, figure: `${gateway.calls.getResource} calls, ${gateway.calls.throttled} throttled`, met: exact });
    list.push({ name: `S1 D=${distinct}: wall time ≤ 1.2 × bound`, figure: `${f2(gateway.wallMs / boundMs)} ×`, met: gateway.wallMs <= 1.2 * boundMs });
    if (naive && distinct === 50) {
      // Only a naive run that answered everything is a comparison.
      list.push({
        name: 'S1 D=50: ≥ 10 × faster than the naive resolver',
        figure: `${f1(naive.wallMs / gateway.wallMs)} ×${naive.errors ? ` (naive: ${naive.errors} errors)` : ''}`,
        met: naive.errors === 0 && naive.wallMs >= 10 * gateway.wallMs,
      });
    }
  }
  const s2 = report.scenario2;
  list.push({
    name: `S2 ${s2.rows} rows: one GetResource per pipeline`,
    figure: `${s2.gateway.calls.getResource} calls, ${s2.gateway.calls.throttled} throttled`,
    met: s2.gateway.calls.getResource === s2.rows && s2.gateway.calls.throttled === 0,
  });
  list.push({ name: `S2 ${s2.rows} rows: wall time ≤ 1.2 × bound`, figure: `${f2(s2.gateway.wallMs / s2.boundMs)} ×`, met: s2.gateway.wallMs <= 1.2 * s2.boundMs });
  const { oneClient, manyClients } = report.scenario3;
  const pollRatio = manyClients.upstreamCallsPerSecond / oneClient.upstreamCallsPerSecond;
  list.push({ name: `S3 ${manyClients.clients} clients: upstream calls/s ≤ 1.5 × one client's`, figure: `${f2(pollRatio)} ×`, met: pollRatio <= 1.5 });
  const { bare, bareWithoutBodyStream: lean, gateway } = report.scenario4;
  // Throughput as the median of paired rounds (load.ts, pairedRatio); p99 as the mean of the rounds' p99s.
  const throughput = comparedRatio(gateway, bare, 'requestsPerSecond');
  const p99 = gateway.p99Ms / bare.p99Ms;
  if (throughput) list.push({ name: 'S4 throughput ≥ 70% of bare yoga', figure: `${f0(throughput.value * 100)}% (${throughput.text})`, met: throughput.value >= 0.7 });
  list.push({ name: 'S4 p99 < 3 × bare yoga', figure: `${f2(p99)} ×`, met: p99 < 3 });
  const leanThroughput = comparedRatio(gateway, lean, 'requestsPerSecond');
  const leanP99 = gateway.p99Ms / lean.p99Ms;
  if (leanThroughput) {
    list.push({
      name: 'S4 like for like: ≥ 70% of yoga without its body stream',
      figure: `${f0(leanThroughput.value * 100)}% (${leanThroughput.text})`,
      met: leanThroughput.value >= 0.7,
    });
  }
  list.push({ name: 'S4 like for like: p99 < 3 × that yoga', figure: `${f2(leanP99)} ×`, met: leanP99 < 3 });
  const memory = gateway.memory;
  if (memory) {
    list.push({ name: 'S5 peak RSS under load < 250 MB', figure: `${f0(memory.peakRssMb)} MB`, met: memory.peakRssMb < 250 });
    const growth = memory.lastThirdMb / memory.firstThirdMb;
    // "No growth": the last third's mean within 5% of the first third's.
    list.push({ name: 'S5 no RSS growth, first to last third', figure: `${f0(memory.firstThirdMb)} → ${f0(memory.lastThirdMb)} MB (${f2(growth)} ×)`, met: growth <= 1.05 });
  }
  if (report.scenario7) list.push(...warmPathTargets(report.scenario7));
  if (report.scenario8) list.push(...coldPileupTargets(report.scenario8));
  if (report.scenario9) list.push(...startTargets(report.scenario9));
  if (report.scenario10) list.push(...learnedPacingTargets(report.scenario10));
  return list;
}

/** `npm start` within 1.15 × the time to healthy and the memory of `node dist/server.js`. */
export function startTargets({ npmStart, compiled, npmLaunchMs }: { npmStart: StartResult; compiled: StartResult; npmLaunchMs?: number }): Target[] {
  const time = npmStart.healthyMs / compiled.healthyMs;
  const memory = npmStart.serverRssMb / compiled.serverRssMb;
  // What npm itself takes to launch a script, and the ratio without it: the part the project controls.
  const launch =
    npmLaunchMs === undefined
      ? ''
      : `; npm's own launch (npm run env) ${f0(npmLaunchMs)} ms, without it ${f2((npmStart.healthyMs - npmLaunchMs) / compiled.healthyMs)} ×`;
  return [
    {
      name: 'S9 npm start: time to healthy ≤ 1.15 × node dist/server.js',
      figure: `${f0(npmStart.healthyMs)} vs ${f0(compiled.healthyMs)} ms (${f2(time)} ×${launch})`,
      met: time <= 1.15,
    },
    {
      name: 'S9 npm start: gateway RSS ≤ 1.15 × node dist/server.js',
      figure: `${f0(npmStart.serverRssMb)} vs ${f0(compiled.serverRssMb)} MB (${f2(memory)} ×; with npm's own processes ${f0(npmStart.treeRssMb)} MB)`,
      met: memory <= 1.15,
    },
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The figures as markdown tables, so the README can quote them as printed. */
export function formatReport(report: Report): string {
  const s = report.settings;
  const out: string[] = [];
  out.push(
    `Cloud Control emulated at ${s.latencyMs} ms a call, ${s.ratePerSecond} calls/s per region (burst ${s.rateBurst}); ` +
      `gateway CLOUDCONTROL_CONCURRENCY=${s.concurrency}, CACHE_TTL_SECONDS=${s.cacheTtlSeconds}. ` +
      `${report.machine.cpus} cores (${report.machine.cpuModel}), Node ${report.machine.node}.`,
    '',
    'Scenarios 1 and 2: one query, cold (bound = max(calls / rate, sequential rounds × latency))',
    '',
  );
  const queryRows = report.scenario1.map((row) => [
    `${row.distinct} distinct (+${Math.ceil(row.distinct / 2)} duplicate aliases)`,
    `${row.gateway.calls.getResource}`,
    `${row.gateway.calls.throttled}`,
    f0(row.gateway.wallMs),
    f0(row.boundMs),
    f2(row.gateway.wallMs / row.boundMs),
    row.naive ? `${row.naive.calls.total} (${row.naive.calls.throttled} throttled, ${row.naive.errors} errors)` : '',
    row.naive ? f0(row.naive.wallMs) : '',
    row.naive ? f1(row.naive.wallMs / row.gateway.wallMs) : '',
  ]);
  const s2 = report.scenario2;
  queryRows.push([
    `dashboard: ${s2.rows} rows (+${s2.gateway.calls.listResources} ListResources)`,
    `${s2.gateway.calls.getResource}`,
    `${s2.gateway.calls.throttled}`,
    f0(s2.gateway.wallMs),
    f0(s2.boundMs),
    f2(s2.gateway.wallMs / s2.boundMs),
    '',
    '',
    '',
  ]);
  out.push(table(['query', 'GetResource', 'throttled', 'ms', 'bound ms', '× bound', 'naive calls', 'naive ms', 'naive ÷ gateway'], queryRows), '');
  const { oneClient, manyClients } = report.scenario3;
  out.push(`Scenario 3: clients polling a ${s.pollRows}-row dashboard every ${s.pollIntervalMs} ms for ${s.pollSeconds} s`, '');
  out.push(
    table(
      ['clients', 'polls', 'failed', 'upstream calls', 'calls/s', '÷ one client'],
      [oneClient, manyClients].map((r) => [
        `${r.clients}`,
        `${r.polls}`,
        `${r.failedPolls}`,
        `${r.upstreamCalls}`,
        f2(r.upstreamCallsPerSecond),
        f2(r.upstreamCallsPerSecond / oneClient.upstreamCallsPerSecond),
      ]),
    ),
    '',
  );
  const { bare, bareWithoutBodyStream: lean, gateway } = report.scenario4;
  out.push(
    `Scenarios 4 and 5: a warm single-pipeline query, ${s.connections} connections, ${s.loadSeconds} s per server in ${s.loadRounds} alternating rounds ` +
      `after ${s.warmupSeconds} s of warm-up; RSS sampled under load`,
    '',
  );
  out.push(
    table(
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'failures', 'peak RSS MB', 'RSS first → last third MB'],
      [
        ['bare graphql-yoga', bare],
        ['bare yoga, no body stream', lean],
        ['gateway', gateway],
      ].map(([name, r]) => {
        const result = r as LoadResult;
        return [
          name as string,
          f0(result.requestsPerSecond),
          f1(result.p50Ms),
          f1(result.p99Ms),
          `${result.failures}`,
          result.memory ? f0(result.memory.peakRssMb) : '',
          result.memory ? `${f0(result.memory.firstThirdMb)} → ${f0(result.memory.lastThirdMb)}` : '',
        ];
      }),
    ),
    '',
  );
  out.push(...formatLearnedPacing(report.scenario10));
  out.push('Targets', '');
  out.push(...formatReplicas(report.scenario6));
  out.push(table(['target', 'this run', 'met'], targets(report).map((t) => [t.name, t.figure, t.met ? 'yes' : 'NO'])));
  out.push('', `Whole run: ${f0(report.runSeconds)} s.`);
  return out.join('\n');
}

/** Scenario 6's table, or why it did not run. */
export function formatReplicas(result: ReplicasResult | undefined): string[] {
  if (!result) return [];
  if ('skipped' in result) return [`Scenario 6 (two replicas sharing through Redis) skipped: ${result.skipped}`, ''];
  const rows = (['withoutRedis', 'withRedis'] as const).map((name) => {
    const { fanOut, polling } = result[name];
    return [
      name === 'withRedis' ? 'sharing through Redis' : 'each on its own',
      `${fanOut.getResource} for ${fanOut.distinct}`,
      `${fanOut.throttled}`,
      `${fanOut.errors}`,
      f0(fanOut.wallMs),
      `${polling.upstreamCalls}`,
      f2(polling.upstreamCallsPerSecond),
      `${polling.failedPolls}`,
    ];
  });
  return [
    'Scenario 6: two replicas, each paced at the whole rate; a fan-out through both at once, then clients polling through both',
    '',
    table(['replicas', 'fan-out GetResource', 'throttled', 'errors', 'ms', 'polling calls', 'calls/s', 'failed polls'], rows),
    '',
  ];
}

export function printReport(report: Report): void {
  console.log(formatReport(report));
}
