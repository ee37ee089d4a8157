import { join } from 'node:path';
import { compile } from './build';
import { postQuery } from './one-query';
import { singlePipelineQuery } from './queries';
import { startEmulator } from '../src/emulator/server';
import { type BenchServer, startBareYoga, startGateway } from './servers';
import { benchSettings } from './settings';
import { compareLoad, type LoadResult } from './load';
import { WARM_PATH_CONNECTIONS, warmPathTargets } from './warm-path';

/**
 * Scenario 7 alone (`node -r @swc-node/register bench/warm-only.ts`): the compiled gateway on the
 * aws backend against the emulator, and yoga without its body stream, alternating, as
 * `npm run bench` runs it. BENCH_WARM_REPEAT repeats the measurement (each a fresh comparison in
 * the same processes), since a shared machine moves the absolute figures from one run to the next.
 * BENCH_WARM_OTHER names another compiled build's directory (a copy of bench/results/build from an
 * earlier commit): its gateway joins the alternation, so before and after come from the same run.
 */
const WARM_PIPELINE = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden';

async function main(): Promise<void> {
  const settings = benchSettings();
  const repeat = Number(process.env.BENCH_WARM_REPEAT ?? 1);
  const entryOf = compile();
  const emulator = await startEmulator({ fleet: { 'us-east-1': 1 }, settings: { faults: { latencyMs: settings.latencyMs } } });
  const servers: BenchServer[] = [];
  try {
    const [gateway, bareLean] = await Promise.all([startGateway(entryOf, { endpoint: emulator.url, env: settings.gatewayEnv }), startBareYoga(entryOf, false)]);
    servers.push(gateway, bareLean);
    const otherDir = process.env.BENCH_WARM_OTHER;
    const other = otherDir ? await startGateway((entry) => join(otherDir, entry.replace(/\.ts$/, '.js')), { endpoint: emulator.url, env: settings.gatewayEnv }) : undefined;
    if (other) servers.push(other);
    // BENCH_WARM_QUERY=typename: `{ __typename }`, what the gateway adds to any request whatever it reads.
    const query = process.env.BENCH_WARM_QUERY === 'typename' ? '{ __typename }' : singlePipelineQuery(WARM_PIPELINE);
    for (const server of servers) {
      const { status, body } = await postQuery(server.url, query);
      if (status !== 200 || body.errors) throw new Error(`${server.name} does not answer the load query: ${JSON.stringify(body)}`);
    }
    const timing = { connections: WARM_PATH_CONNECTIONS, warmupSeconds: settings.warmupSeconds, seconds: settings.loadSeconds, rounds: settings.loadRounds };
    for (let run = 0; run < repeat; run++) {
      const [baseline, ours, earlier] = await compareLoad(other ? [bareLean, gateway, other] : [bareLean, gateway], query, timing);
      const print = (label: string, load: LoadResult) => {
        for (const target of warmPathTargets({ connections: WARM_PATH_CONNECTIONS, baseline: baseline!, gateway: load })) {
          console.log(`${label} ${target.met ? 'met    ' : 'not met'}  ${target.name}: ${target.figure}`);
        }
      };
      print('this build ', ours!);
      if (earlier) print('other build', earlier);
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
