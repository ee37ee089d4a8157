import { startEmulator } from '../src/emulator/server';
import { compile } from './build';
import { formatLearnedPacing, learnedPacingFleet, learnedPacingPlan, learnedPacingTargets, measureLearnedPacing } from './learned-pacing';
import { benchSettings } from './settings';

/**
 * Scenario 10 alone (`npm run bench` runs it among the others): the emulator with Cloud
 * Control's latency and rate limit, and the learning and hand-paced gateways. BENCH_PACING_SIZES
 * (e.g. `200`) picks the query sizes.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const log = (message: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${message}\n`);
  const settings = benchSettings();
  log('compiling the project (tsc)');
  const entryOf = compile();
  const plan = learnedPacingPlan('123456789012', settings.ratePerSecond, settings.rateBurst, settings.pacingSizes);
  const emulator = await startEmulator({
    fleet: learnedPacingFleet(plan),
    settings: { faults: { latencyMs: settings.latencyMs, ratePerSecond: settings.ratePerSecond, rateBurst: settings.rateBurst } },
  });
  try {
    const result = await measureLearnedPacing(entryOf, emulator, { endpoint: emulator.url, env: settings.gatewayEnv }, plan, log);
    const targets = learnedPacingTargets(result);
    console.log([...formatLearnedPacing(result), ...targets.map((t) => `${t.met ? 'met' : 'NOT MET'}: ${t.name}: ${t.figure}`)].join('\n'));
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
