import type { Emulator } from '../src/emulator/server';
import { fleetPipelines } from '../src/emulator/seed/fleet';
import { postQuery } from './one-query';
import { type BenchServer, type EntryOf, startGateway, type UpstreamSettings } from './servers';

/**
 * Scenario 10: pacing that learns. One query over N distinct pipelines through a gateway with no
 * rate configured (it learns each lane's from Cloud Control's throttling), and the same through a
 * gateway paced by hand at the emulator's rate, in the same run. Each measurement reads a region
 * of its own, so every one starts on a lane nobody has paced or learned yet.
 */
export interface PacedQuery {
  pipelines: number;
  /** Every call the query caused, its throttled ones (each also counted) and its failed fields. */
  calls: number;
  throttled: number;
  failedFields: number;
  wallMs: number;
  /** The least time a perfectly paced run would take: calls needed ÷ the rate. */
  floorMs: number;
}

export interface LearnedPacingResult {
  ratePerSecond: number;
  rows: { learned: PacedQuery; byHand: PacedQuery }[];
}

export interface LearnedPacingPlan {
  /** Pipelines per query, and per size the regions of the learned and the hand-paced runs (each holding that many pipelines). */
  sizes: { pipelines: number; regions: { learned: string; byHand: string } }[];
  account: string;
  ratePerSecond: number;
  rateBurst: number;
}

/** The regions scenario 10 reads and how many pipelines each must hold, for the emulator's fleet. */
export function learnedPacingFleet(plan: LearnedPacingPlan): Record<string, number> {
  return Object.fromEntries(plan.sizes.flatMap(({ pipelines, regions }) => [[regions.learned, pipelines], [regions.byHand, pipelines]]));
}

/** The default plan: 200 and 1000 pipelines, in regions no other scenario reads. */
export function learnedPacingPlan(account: string, ratePerSecond: number, rateBurst: number, sizes = [200, 1000]): LearnedPacingPlan {
  const regions = [
    ['eu-north-1', 'eu-west-3'],
    ['eu-west-2', 'ap-south-1'],
    ['sa-east-1', 'ap-northeast-2'],
  ];
  if (sizes.length > regions.length) throw new Error(`scenario 10 measures at most ${regions.length} sizes`);
  return { account, ratePerSecond, rateBurst, sizes: sizes.map((pipelines, i) => ({ pipelines, regions: { learned: regions[i]![0]!, byHand: regions[i]![1]! } })) };
}

/** One query over the given pipelines, each with a few details; no aliases beyond one per pipeline, so a thousand stay within the limits. */
function fanOutQuery(arns: string[]): string {
  return `{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { arn name status schedule { scheduleExpression } }`).join('\n')} }`;
}

async function measure(server: BenchServer, emulator: Emulator, plan: LearnedPacingPlan, pipelines: number, region: string): Promise<PacedQuery> {
  const arns = fleetPipelines(region, plan.account, pipelines).map(({ model }) => model.Arn as string);
  const mark = Date.now();
  const started = performance.now();
  const { body } = await postQuery(server.url, fanOutQuery(arns));
  const wallMs = performance.now() - started;
  const calls = emulator.calls.calls().filter((call) => call.startedAt >= mark && call.region === region);
  return {
    pipelines,
    calls: calls.length,
    throttled: calls.filter((call) => call.outcome === 'ThrottlingException').length,
    failedFields: body.errors?.length ?? 0,
    wallMs,
    floorMs: (pipelines / plan.ratePerSecond) * 1000,
  };
}

/**
 * Runs scenario 10: a gateway that learns (no CLOUDCONTROL_RATE_PER_SECOND) and one paced by hand
 * (at the emulator's rate, with a burst one call smaller than its own, as scenarios 1 and 2), each
 * in its own process, the sizes one after another.
 */
export async function measureLearnedPacing(
  entryOf: EntryOf,
  emulator: Emulator,
  upstream: UpstreamSettings,
  plan: LearnedPacingPlan,
  log: (message: string) => void,
): Promise<LearnedPacingResult> {
  const { CLOUDCONTROL_RATE_PER_SECOND: _rate, CLOUDCONTROL_RATE_BURST: _burst, ...others } = upstream.env ?? {};
  // A thousand pipelines in one query is a body of about 160 kB.
  const rest = { ...others, MAX_BODY_BYTES: '1000000' };
  const byHandEnv = { ...rest, CLOUDCONTROL_RATE_PER_SECOND: String(plan.ratePerSecond), CLOUDCONTROL_RATE_BURST: String(Math.max(1, plan.rateBurst - 1)) };
  const [learning, byHand] = await Promise.all([startGateway(entryOf, { ...upstream, env: rest }), startGateway(entryOf, { ...upstream, env: byHandEnv })]);
  try {
    const rows = [];
    for (const { pipelines, regions } of plan.sizes) {
      log(`scenario 10: ${pipelines} pipelines, rate learned`);
      const learned = await measure(learning, emulator, plan, pipelines, regions.learned);
      log(`scenario 10: ${pipelines} pipelines, paced by hand`);
      const paced = await measure(byHand, emulator, plan, pipelines, regions.byHand);
      rows.push({ learned, byHand: paced });
    }
    return { ratePerSecond: plan.ratePerSecond, rows };
  } finally {
    await Promise.all([learning.stop(), byHand.stop()]);
  }
}

/** The issue's targets for a learned pace, each beside the hand-paced run of the same size. */
export function learnedPacingTargets(result: LearnedPacingResult): { name: string; figure: string; met: boolean }[] {
  return result.rows.flatMap(({ learned, byHand }) => {
    const n = learned.pipelines;
    const share = learned.throttled / learned.calls;
    const hand = `by hand: ${(byHand.wallMs / byHand.floorMs).toFixed(2)} ×, ${byHand.throttled} of ${byHand.calls} throttled, ${byHand.failedFields} failed`;
    return [
      { name: `S10 ${n} pipelines, rate learned: time ≤ 1.3 × floor`, figure: `${(learned.wallMs / learned.floorMs).toFixed(2)} × (${hand})`, met: learned.wallMs <= 1.3 * learned.floorMs },
      { name: `S10 ${n} pipelines, rate learned: ≤ 10% of calls throttled`, figure: `${(share * 100).toFixed(1)}% (${learned.throttled} of ${learned.calls})`, met: share <= 0.1 },
      { name: `S10 ${n} pipelines, rate learned: no failed field`, figure: `${learned.failedFields}`, met: learned.failedFields === 0 },
    ];
  });
}

/** Scenario 10's table. */
export function formatLearnedPacing(result: LearnedPacingResult | undefined): string[] {
  if (!result) return [];
  const rows = result.rows.flatMap(({ learned, byHand }) =>
    [
      ['learned', learned],
      ['by hand', byHand],
    ].map(([pace, r]) => {
      const q = r as PacedQuery;
      return [`${q.pipelines}`, pace as string, `${q.calls}`, `${q.throttled} (${((q.throttled / q.calls) * 100).toFixed(1)}%)`, `${q.failedFields}`, q.wallMs.toFixed(0), q.floorMs.toFixed(0), (q.wallMs / q.floorMs).toFixed(2)];
    }),
  );
  const header = ['pipelines', 'pace', 'calls', 'throttled', 'failed fields', 'ms', 'floor ms', '× floor'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `Scenario 10: one query over N distinct pipelines against Cloud Control allowing ${result.ratePerSecond} calls/s, no rate configured (learned) and paced by hand; floor = N ÷ rate`,
    '',
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
    '',
  ];
}
