import { isAccountId, isRegion } from './resources/arns';
import type { EmulatorOptions } from './server';

/**
 * An invalid EMULATOR_* setting. Its message is one line naming the variable, what it held and
 * what is allowed: `npm run emulator` prints it and exits 2.
 */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
}

export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** JSON quoting keeps the message one line whatever the variable held. */
function refuse(name: string, value: string, expected: string): never {
  throw new EmulatorConfigError(`${name}=${JSON.stringify(value)} is not valid: expected ${expected}.`);
}

/** Plain decimal digits: no sign, no hex, no exponent, no separators. */
function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
    refuse(name, value, `a whole number from ${min} to ${max}, in plain decimal digits`);
  }
  return Number(value);
}

/** Plain decimal digits with an optional fraction (`2.5`). */
function decimalNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d{1,15}(?:\.\d{1,6})?$/.test(value) || Number(value) < min || Number(value) > max) {
    refuse(name, value, `a number from ${min} to ${max}, in plain decimal digits (a fraction such as 2.5 is allowed)`);
  }
  return Number(value);
}

function choice<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) refuse(name, value, `one of ${allowed.join(', ')}`);
  return value as T;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return false;
  return refuse(name, value, 'true or false');
}

function host(env: Env): string {
  const value = raw(env, 'EMULATOR_HOST');
  if (value === undefined) return '127.0.0.1';
  // A host name or an IP address: what listen() accepts, without spaces, schemes or ports.
  if (!/^[A-Za-z0-9.:-]{1,253}$/.test(value)) refuse('EMULATOR_HOST', value, 'a host name or IP address such as 127.0.0.1 or 0.0.0.0');
  return value;
}

function accountId(env: Env): string {
  const value = raw(env, 'EMULATOR_ACCOUNT_ID');
  if (value === undefined) return '123456789012';
  if (!isAccountId(value)) refuse('EMULATOR_ACCOUNT_ID', value, 'a 12-digit AWS account id');
  return value;
}

const MAX_FLEET = 100_000;

/** `us-east-1=100,eu-west-1=20`: generated pipelines per region. */
function fleet(env: Env): Record<string, number> {
  const value = raw(env, 'EMULATOR_FLEET');
  if (value === undefined) return {};
  const expected = `region=count pairs separated by commas, counts from 0 to ${MAX_FLEET}, for example us-east-1=100,eu-west-1=20`;
  const counts: Record<string, number> = {};
  for (const entry of value.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
    const match = /^([^=\s]+)=(\d{1,6})$/.exec(entry);
    if (!match || !isRegion(match[1]!) || Number(match[2]) > MAX_FLEET || match[1]! in counts) refuse('EMULATOR_FLEET', value, expected);
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

const MAX_MS = 600_000;

/**
 * The standalone emulator's settings: EMULATOR_PORT (4566), EMULATOR_HOST (127.0.0.1),
 * EMULATOR_PAGE_SIZE (25), EMULATOR_LIST_PROPERTIES (identifier|full), EMULATOR_WRITE_DELAY_MS
 * (1500), EMULATOR_IMAGE_STEP_MS (5000), EMULATOR_LATENCY_MS (0), EMULATOR_RATE_PER_SECOND (0: none), EMULATOR_RATE_BURST (0:
 * one second's worth), EMULATOR_ACCOUNT_ID (123456789012), EMULATOR_SEED (true) and
 * EMULATOR_FLEET (`region=count,…`, extra generated pipelines). Throws EmulatorConfigError.
 */
export function emulatorOptionsFromEnv(env: Env): EmulatorOptions {
  const rate = decimalNumber(env, 'EMULATOR_RATE_PER_SECOND', 0, 0, 100_000);
  const burst = wholeNumber(env, 'EMULATOR_RATE_BURST', 0, 0, 100_000);
  return {
    port: wholeNumber(env, 'EMULATOR_PORT', 4566, 0, 65535),
    host: host(env),
    seed: flag(env, 'EMULATOR_SEED', true),
    fleet: fleet(env),
    settings: {
      accountId: accountId(env),
      pageSize: wholeNumber(env, 'EMULATOR_PAGE_SIZE', 25, 1, 1000),
      listProperties: choice(env, 'EMULATOR_LIST_PROPERTIES', 'identifier', ['identifier', 'full'] as const),
      writeDelayMs: wholeNumber(env, 'EMULATOR_WRITE_DELAY_MS', 1500, 0, MAX_MS),
      imageStepMs: wholeNumber(env, 'EMULATOR_IMAGE_STEP_MS', 5000, 0, MAX_MS),
      faults: {
        latencyMs: wholeNumber(env, 'EMULATOR_LATENCY_MS', 0, 0, MAX_MS),
        ratePerSecond: rate === 0 ? null : rate,
        rateBurst: burst === 0 ? null : burst,
      },
    },
  };
}
