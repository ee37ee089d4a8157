/**
 * Reading typed settings from environment variables. Every failure names the variable, what it
 * held and what is allowed, because it is printed as the one line a failed start shows.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Numbers are written in decimal digits only: Number() would also take `0x10`, `1e-7`,
 * `Infinity` and `.5`, none of which anyone means in a deployment's settings.
 */
const WHOLE_NUMBER = /^-?\d+$/;
const DECIMAL_NUMBER = /^\d+(?:\.\d+)?$/;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!WHOLE_NUMBER.test(value) || Number(value) < min || Number(value) > max) {
    throw new ConfigError(`${name}="${value}" is not valid: expected a whole number from ${min} to ${max}, in decimal digits.`);
  }
  return Number(value);
}

/**
 * A decimal from `min` to `max`, or exactly 0 when `zero` says what 0 means (off): a tiny
 * positive value such as 0.0000001 is refused rather than taken to mean "almost never".
 */
export function decimal(env: Env, name: string, fallback: number, min: number, max: number, zero?: string): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  const allowed = DECIMAL_NUMBER.test(value) && ((zero !== undefined && parsed === 0) || (parsed >= min && parsed <= max));
  if (!allowed) {
    throw new ConfigError(
      `${name}="${value}" is not valid: expected ${zero !== undefined ? `0 (${zero}) or ` : ''}a number from ${min} to ${max}, ` +
        'in decimal digits with at most one point (no sign, exponent or hexadecimal).',
    );
  }
  return parsed;
}

export function oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new ConfigError(`${name}="${value}" is not valid: expected one of ${allowed.join(', ')}.`);
  }
  return value as T;
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name}="${value}" is not valid: expected true or false.`);
}

/**
 * Comma-separated entries; empty entries (a trailing comma) are dropped. A value that holds no
 * entry at all (`,,,`) is refused: unset, a list means its default (often "any"), and a value
 * of only commas must not silently mean the same.
 */
export function list(env: Env, name: string): string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new ConfigError(`${name}="${value}" holds no entries: list at least one, or leave ${name} unset for its default.`);
  return items;
}

export function text(env: Env, name: string, fallback: string): string {
  return raw(env, name) ?? fallback;
}

export function optionalText(env: Env, name: string): string | undefined {
  return raw(env, name);
}

/**
 * A URL setting of one of `protocols` (such as 'https:'), with a host; `expected` says what is
 * taken when it is not. A user name or password in it is never echoed.
 */
export function urlSetting(env: Env, name: string, protocols: readonly string[], expected: string): string | undefined {
  const value = raw(env, name);
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol) || !url.hostname) {
    const shown = value.includes('@') ? '(a value with credentials, not shown)' : `"${value.slice(0, 200)}"`;
    throw new ConfigError(`${name}=${shown} is not valid: expected ${expected}.`);
  }
  return value;
}

/** An endpoint URL: http or https, with a host. */
export function endpointUrl(env: Env, name: string): string | undefined {
  return urlSetting(env, name, ['http:', 'https:'], 'an http:// or https:// URL with a host, such as https://cloudcontrolapi.us-east-1.amazonaws.com');
}

/**
 * Whether an error means the configuration is wrong: ours, or the embedded emulator's own
 * (EmulatorConfigError, by name: the emulator shares no code with the gateway).
 */
export function isConfigurationError(error: unknown): error is Error {
  return error instanceof Error && (error instanceof ConfigError || error.name === 'ConfigError' || error.name === 'EmulatorConfigError');
}
