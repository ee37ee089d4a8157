import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { startEmulator } from '../src/emulator/server';
import { fleetPipelines } from '../src/emulator/seed';
import { load } from './load';
import { boundMs, measureQuery, postQuery } from './one-query';
import { poll } from './polling';
import { dashboardQuery, pipelinesQuery, singlePipelineQuery } from './queries';
import { printReport, type Report } from './report';
import { type BenchServer, startBareYoga, startGateway, startNaive } from './servers';
import { benchSettings } from './settings';

/**
 * `npm run bench`: the emulator in this process with Cloud Control's latency and rate limit,
 * the gateway, the naive resolver and a bare graphql-yoga server each in a process of its own,
 * and five measurements. Prints a table and writes bench/results/latest.json.
 */
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const WARM_PIPELINE = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const started = Date.now();
  const settings = benchSettings();
  const fleetSize = Math.max(...settings.distinct, ...settings.naiveDistinct, settings.dashboardRows, settings.pollRows);
  const emulator = await startEmulator({
    fleet: { [REGION]: fleetSize },
    settings: { faults: { latencyMs: settings.latencyMs, ratePerSecond: settings.ratePerSecond, rateBurst: settings.rateBurst } },
  });
  // Paced at the emulator's rate, with a burst one call smaller than its own: the slack absorbs
  // the jitter between the two clocks, as an operator keeps a margin below the account's quota.
  const pacing = { CLOUDCONTROL_RATE_PER_SECOND: String(settings.ratePerSecond), CLOUDCONTROL_RATE_BURST: String(Math.max(1, settings.rateBurst - 1)) };
  const upstream = { endpoint: emulator.url, env: { ...pacing, ...settings.gatewayEnv } };
  const gatewayConfig = loadConfig(upstream.env);
  const concurrency = gatewayConfig.upstream.concurrency;
  const ttlSeconds = gatewayConfig.upstream.cacheTtlSeconds;
  // Between measurements, whatever the gateway keeps expires and the rate limit's bucket refills.
  const settle = () => sleep(ttlSeconds * 1000 + Math.max(500, (settings.rateBurst / settings.ratePerSecond) * 1000));
  const fleet = fleetPipelines(REGION, ACCOUNT, fleetSize).map(({ model }) => model.Arn as string);
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);

  log('starting the gateway, the naive resolver and the bare yoga server');
  const servers: BenchServer[] = [];
  try {
    const [gateway, naive, bare] = await Promise.all([startGateway(upstream), startNaive(upstream), startBareYoga()]);
    servers.push(gateway, naive, bare);
    for (const server of [gateway, naive]) await postQuery(server.url, singlePipelineQuery(WARM_PIPELINE));
    await settle();

    const bound = (calls: number, rounds: number) => boundMs(calls, rounds, settings);
    const scenario1 = [];
    for (const distinct of settings.distinct) {
      log(`scenario 1: one query over ${distinct} distinct pipelines`);
      const query = pipelinesQuery(fleet.slice(0, distinct));
      const result = await measureQuery(gateway.url, query, emulator);
      await settle();
      let naiveResult = null;
      if (settings.naiveDistinct.includes(distinct)) {
        log(`scenario 1: the naive resolver over ${distinct}`);
        naiveResult = await measureQuery(naive.url, query, emulator);
        await settle();
      }
      scenario1.push({ distinct, boundMs: bound(distinct, Math.ceil(distinct / concurrency)), gateway: result, naive: naiveResult });
    }

    log(`scenario 2: a dashboard of ${settings.dashboardRows} pipelines`);
    const dashboard = await measureQuery(gateway.url, dashboardQuery(settings.dashboardRows), emulator);
    // Cloud Control cuts its own pages; the gateway reads exactly as many as `first` needs.
    const pages = Math.ceil(settings.dashboardRows / emulator.settings.pageSize);
    const scenario2 = {
      rows: settings.dashboardRows,
      boundMs: bound(settings.dashboardRows + pages, pages + Math.ceil(settings.dashboardRows / concurrency)),
      gateway: dashboard,
    };
    await settle();

    log(`scenario 3: 1 and ${settings.pollClients} clients polling every ${settings.pollIntervalMs} ms`);
    const pollQuery = dashboardQuery(settings.pollRows);
    const pollOptions = { intervalMs: settings.pollIntervalMs, seconds: settings.pollSeconds };
    const oneClient = await poll(gateway.url, pollQuery, emulator, { ...pollOptions, clients: 1 });
    await settle();
    const manyClients = await poll(gateway.url, pollQuery, emulator, { ...pollOptions, clients: settings.pollClients });
    await settle();

    log(`scenario 4: ${settings.connections} connections, ${settings.loadSeconds} s each, bare yoga then the gateway`);
    const warmQuery = singlePipelineQuery(WARM_PIPELINE);
    for (const server of [bare, gateway]) {
      const { status, body } = await postQuery(server.url, warmQuery);
      if (status !== 200 || body.errors) throw new Error(`${server.name} does not answer the load query: ${JSON.stringify(body)}`);
    }
    const loadOptions = { connections: settings.connections, warmupSeconds: settings.warmupSeconds, seconds: settings.loadSeconds };
    const bareLoad = await load(bare.url, warmQuery, bare.pid, loadOptions);
    const gatewayLoad = await load(gateway.url, warmQuery, gateway.pid, loadOptions);

    const report: Report = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
      settings: { ...settings, concurrency, cacheTtlSeconds: ttlSeconds },
      scenario1,
      scenario2,
      scenario3: { oneClient, manyClients },
      scenario4: { bare: bareLoad, gateway: gatewayLoad },
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
