import { ConfigError, type Env, integer, oneOf, list, text, flag } from '../config/env-values';
import { isRegion } from '../resource/arn';
import type { EmulatorOptions } from './server';

/**
 * The standalone emulator's settings: EMULATOR_PORT (4566), EMULATOR_HOST (127.0.0.1),
 * EMULATOR_PAGE_SIZE (25), EMULATOR_LIST_PROPERTIES (identifier|full), EMULATOR_WRITE_DELAY_MS
 * (1500), EMULATOR_LATENCY_MS (0), EMULATOR_RATE_PER_SECOND (none), EMULATOR_RATE_BURST (one
 * second's worth), EMULATOR_ACCOUNT_ID, EMULATOR_SEED (true) and EMULATOR_FLEET
 * (`region=count,…`, extra generated pipelines).
 */
export function emulatorOptionsFromEnv(env: Env): EmulatorOptions {
  const accountId = text(env, 'EMULATOR_ACCOUNT_ID', '123456789012');
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`EMULATOR_ACCOUNT_ID="${accountId}" is not valid: expected 12 digits.`);
  const rate = integer(env, 'EMULATOR_RATE_PER_SECOND', 0, 0, 100_000);
  const burst = integer(env, 'EMULATOR_RATE_BURST', 0, 0, 100_000);
  return {
    port: integer(env, 'EMULATOR_PORT', 4566, 0, 65535),
    host: text(env, 'EMULATOR_HOST', '127.0.0.1'),
    seed: flag(env, 'EMULATOR_SEED', true),
    fleet: parseFleet(list(env, 'EMULATOR_FLEET')),
    settings: {
      accountId,
      pageSize: integer(env, 'EMULATOR_PAGE_SIZE', 25, 1, 1000),
      listProperties: oneOf(env, 'EMULATOR_LIST_PROPERTIES', 'identifier', ['identifier', 'full'] as const),
      writeDelayMs: integer(env, 'EMULATOR_WRITE_DELAY_MS', 1500, 0, 600_000),
      faults: {
        latencyMs: integer(env, 'EMULATOR_LATENCY_MS', 0, 0, 600_000),
        ratePerSecond: rate === 0 ? null : rate,
        rateBurst: burst === 0 ? null : burst,
      },
    },
  };
}

function parseFleet(entries: string[]): Record<string, number> {
  const fleet: Record<string, number> = {};
  for (const entry of entries) {
    const match = /^([^=]+)=(\d+)$/.exec(entry);
    if (!match || !isRegion(match[1]!) || Number(match[2]) > 100_000) {
      throw new ConfigError(`EMULATOR_FLEET entry "${entry}" is not valid: expected region=count, for example us-east-1=100.`);
    }
    fleet[match[1]!] = Number(match[2]);
  }
  return fleet;
}
