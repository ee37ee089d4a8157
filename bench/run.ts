import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { startEmulator } from '../src/emulator/server';
import { fleetPipelines } from '../src/emulator/seed/fleet';
import { compile } from './build';
import { learnedPacingFleet, learnedPacingPlan, measureLearnedPacing } from './learned-pacing';
import { compareLoad } from './load';
import { boundMs, measureQuery, postQuery } from './one-query';
import { poll } from './polling';
import { dashboardQuery, pipelinesQuery, singlePipelineQuery } from './queries';
import { measureReplicas } from './replicas';
import { printReport, type Report } from './report';
import { type BenchServer, startBareYoga, startGateway, startNaive } from './servers';
import { benchSettings } from './settings';
import { measureColdPileupAgainstBaseline } from './cold-pileup';
import { measureStart } from './start';
import { measureWarmPath } from './warm-path';

/**
 * `npm run bench`: the emulator in this process with Cloud Control's latency and rate limit,
 * the gateway, the naive resolver and a bare graphql-yoga server each in a process of its own,
 * and nine measurements. Prints a table and writes bench/results/latest.json.
 *
 * Every cold measurement reads pipelines no earlier one read (its own slice of a region, or its
 * own region), so nothing the gateway keeps from one measurement serves the next.
 */
const ACCOUNT = '123456789012';
const QUERY_REGION = 'us-east-1';
const DASHBOARD_REGION = 'eu-west-1';
const POLL_REGIONS = { one: 'ap-southeast-2', many: 'ap-northeast-1' };
/** Scenario 6's regions: its fan-outs (a slice a round), and a dashboard a round. */
const REPLICA_REGIONS = { fanOut: 'us-west-2', withoutRedis: 'eu-central-1', withRedis: 'ca-central-1' };
const REPLICA_FAN_OUT = 25;
/** Scenario 8's regions: the listing one client reads alone, and the one the pile-up polls. */
const PILEUP_REGIONS = { lone: 'eu-west-2', pileup: 'us-east-2' };
const WARM_PIPELINE = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const started = Date.now();
  const settings = benchSettings();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

  log('compiling the project (tsc)');
  const entryOf = compile();
  const queryFleet = settings.distinct.reduce((sum, distinct) => sum + distinct, 0);
  const pacingPlan = learnedPacingPlan(ACCOUNT, settings.ratePerSecond, settings.rateBurst, settings.pacingSizes);
  const fleet = {
    ...learnedPacingFleet(pacingPlan),
    [QUERY_REGION]: queryFleet,
    [DASHBOARD_REGION]: settings.dashboardRows,
    [POLL_REGIONS.one]: settings.pollRows,
    [POLL_REGIONS.many]: settings.pollRows,
    [REPLICA_REGIONS.fanOut]: 4 * REPLICA_FAN_OUT,
    [REPLICA_REGIONS.withoutRedis]: settings.pollRows,
    [REPLICA_REGIONS.withRedis]: settings.pollRows,
    [PILEUP_REGIONS.lone]: settings.pollRows,
    [PILEUP_REGIONS.pileup]: settings.pollRows,
  };
  const emulator = await startEmulator({
    fleet,
    settings: { faults: { latencyMs: settings.latencyMs, ratePerSecond: settings.ratePerSecond, rateBurst: settings.rateBurst } },
  });
  // Paced at the emulator's rate, with a burst one call smaller than its own: the slack absorbs
  // the jitter between the two clocks, as an operator keeps a margin below the account's quota.
  const pacing = { CLOUDCONTROL_RATE_PER_SECOND: String(settings.ratePerSecond), CLOUDCONTROL_RATE_BURST: String(Math.max(1, settings.rateBurst - 1)) };
  const upstream = { endpoint: emulator.url, env: { ...pacing, ...settings.gatewayEnv } };
  const gatewayConfig = loadConfig(upstream.env);
  const concurrency = gatewayConfig.upstream.concurrency;
  // Between measurements the rate limit's buckets (the emulator's and the gateway's) refill.
  const pause = () => sleep(Math.max(500, (settings.rateBurst / settings.ratePerSecond) * 1000));
  const queryArns = fleetPipelines(QUERY_REGION, ACCOUNT, queryFleet).map(({ model }) => model.Arn as string);

  log('starting the gateway, the naive resolver and the bare yoga server');
  const servers: BenchServer[] = [];
  try {
    const [gateway, naive, bare, bareLean] = await Promise.all([
      startGateway(entryOf, upstream),
      startNaive(entryOf, upstream),
      startBareYoga(entryOf),
      startBareYoga(entryOf, false),
    ]);
    servers.push(gateway, naive, bare, bareLean);
    for (const server of [gateway, naive]) await postQuery(server.url, singlePipelineQuery(WARM_PIPELINE));
    await pause();

    const bound = (calls: number, rounds: number) => boundMs(calls, rounds, settings);
    const scenario1 = [];
    let offset = 0;
    for (const distinct of settings.distinct) {
      log(`scenario 1: one query over ${distinct} distinct pipelines`);
      const query = pipelinesQuery(queryArns.slice(offset, offset + distinct));
      offset += distinct;
      const result = await measureQuery(gateway.url, query, emulator);
      await pause();
      let naiveResult = null;
      if (settings.naiveDistinct.includes(distinct)) {
        log(`scenario 1: the naive resolver over ${distinct}`);
        naiveResult = await measureQuery(naive.url, query, emulator);
        await pause();
      }
      scenario1.push({ distinct, boundMs: bound(distinct, Math.ceil(distinct / concurrency)), gateway: result, naive: naiveResult });
    }

    log(`scenario 2: a dashboard of ${settings.dashboardRows} pipelines`);
    const dashboard = await measureQuery(gateway.url, dashboardQuery(DASHBOARD_REGION, settings.dashboardRows), emulator);
    // Cloud Control cuts its own pages; the gateway reads exactly as many as `first` needs.
    const pages = Math.ceil(settings.dashboardRows / emulator.settings.pageSize);
    const scenario2 = {
      rows: settings.dashboardRows,
      boundMs: bound(settings.dashboardRows + pages, pages + Math.ceil(settings.dashboardRows / concurrency)),
      gateway: dashboard,
    };
    await pause();

    log(`scenario 3: 1 and ${settings.pollClients} clients polling every ${settings.pollIntervalMs} ms`);
    const pollOptions = { intervalMs: settings.pollIntervalMs, seconds: settings.pollSeconds };
    const oneClient = await poll(gateway.url, dashboardQuery(POLL_REGIONS.one, settings.pollRows), emulator, { ...pollOptions, clients: 1 });
    await pause();
    const manyClients = await poll(gateway.url, dashboardQuery(POLL_REGIONS.many, settings.pollRows), emulator, {
      ...pollOptions,
      clients: settings.pollClients,
    });
    await pause();

    log(`scenario 4: ${settings.connections} connections, ${settings.loadSeconds} s each in ${settings.loadRounds} rounds, stock yoga, yoga without its body stream and the gateway in turn`);
    const warmQuery = singlePipelineQuery(WARM_PIPELINE);
    for (const server of [bare, bareLean, gateway]) {
      const { status, body } = await postQuery(server.url, warmQuery);
      if (status !== 200 || body.errors) throw new Error(`${server.name} does not answer the load query: ${JSON.stringify(body)}`);
    }
    const [bareLoad, bareLeanLoad, gatewayLoad] = await compareLoad([bare, bareLean, gateway], warmQuery, {
      connections: settings.connections,
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.loadSeconds,
      rounds: settings.loadRounds,
    });

    log('scenario 7: the warm path against yoga without its body stream, 10 connections, with CPU per request');
    const scenario7 = await measureWarmPath(gateway, bareLean, warmQuery, {
      warmupSeconds: settings.warmupSeconds,
      seconds: settings.loadSeconds,
      rounds: settings.loadRounds,
    });

    log(`scenario 8: ${settings.pileupClients} clients arriving together on a cold cache, in a gateway of its own, without coalescing (baseline) and with it`);
    const scenario8 = await measureColdPileupAgainstBaseline(
      entryOf,
      emulator,
      upstream,
      {
        loneRegion: PILEUP_REGIONS.lone,
        pileupRegion: PILEUP_REGIONS.pileup,
        rows: settings.pollRows,
        clients: settings.pileupClients,
        warmSpreadMs: settings.pileupWarmSpreadMs,
        pause,
      },
      servers,
    );

    log(`scenario 9: npm start against node dist/server.js, ${settings.startRuns} starts each`);
    const scenario9 = await measureStart(settings.startRuns, settings.startPort);

    const replicaArns = fleetPipelines(REPLICA_REGIONS.fanOut, ACCOUNT, 4 * REPLICA_FAN_OUT).map(({ model }) => model.Arn as string);
    const slice = (n: number) => replicaArns.slice(n * REPLICA_FAN_OUT, (n + 1) * REPLICA_FAN_OUT);
    await pause();
    const scenario6 = await measureReplicas(
      entryOf,
      emulator,
      upstream,
      {
        fanOut: { withoutRedis: [slice(0), slice(1)], withRedis: [slice(2), slice(3)] },
        pollRegions: { withoutRedis: REPLICA_REGIONS.withoutRedis, withRedis: REPLICA_REGIONS.withRedis },
        pollRows: settings.pollRows,
        pollClients: settings.pollClients,
        pollIntervalMs: settings.pollIntervalMs,
        pollSeconds: settings.pollSeconds,
        rateBurst: Math.max(1, Math.floor(settings.rateBurst / 2)),
      },
      log,
    );
    if ('skipped' in scenario6) log(`scenario 6 skipped: ${scenario6.skipped}`);

    await pause();
    const scenario10 = await measureLearnedPacing(entryOf, emulator, upstream, pacingPlan, log);

    const report: Report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
      settings: { ...settings, concurrency, cacheTtlSeconds: gatewayConfig.upstream.cacheTtlSeconds },
      scenario1,
      scenario2,
      scenario3: { oneClient, manyClients },
      scenario4: { bare: bareLoad!, bareWithoutBodyStream: bareLeanLoad!, gateway: gatewayLoad! },
      scenario6,
      scenario7,
      scenario8,
      scenario9,
      scenario10,
      runSeconds: 0,
    };
    report.runSeconds = (Date.now() - started) / 1000;
    const directory = join(__dirname, 'results');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    printReport(report);
    log(`done in ${report.runSeconds.toFixed(0)} s; figures in bench/results/latest.json`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
