import { ConfigError, type Env, integer, optionalText, text, urlSetting } from './env-values';

/** Replicas sharing through Redis: where it is, how its keys are named, how long a command may take. */
export interface RedisConfig {
  url: string;
  keyPrefix: string;
  /** REDIS_TIMEOUT_MS: a command not answered by then fails, and the replica falls back to its own layers. */
  commandTimeoutMs: number;
  /** GATEWAY_REPLICAS: the replicas sharing the pace; undefined: counted in Redis (see src/redis/replica-count.ts). */
  replicas: number | undefined;
}

/** REDIS_URL and its companions; undefined when it is unset (everything stays in-process). */
export function loadRedisConfig(env: Env): RedisConfig | undefined {
  const url = optionalText(env, 'REDIS_URL');
  const replicasText = optionalText(env, 'GATEWAY_REPLICAS');
  if (url === undefined) {
    if (replicasText !== undefined) throw new ConfigError('GATEWAY_REPLICAS is set without REDIS_URL: it sizes each replica\'s share of the pace while Redis is down, so it means nothing without Redis.');
    for (const name of ['REDIS_KEY_PREFIX', 'REDIS_TIMEOUT_MS']) {
      if (optionalText(env, name) !== undefined) throw new ConfigError(`${name} is set without REDIS_URL: set REDIS_URL too, or unset ${name}.`);
    }
    return undefined;
  }
  urlSetting(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://[user:password@]host[:port][/db] or rediss:// for TLS');
  const keyPrefix = text(env, 'REDIS_KEY_PREFIX', 'ipg:');
  if (!/^[\w.:{}-]{1,64}$/.test(keyPrefix)) throw new ConfigError(`REDIS_KEY_PREFIX="${keyPrefix.slice(0, 80)}" is not valid: expected 1 to 64 letters, digits or _ . : { } -, such as ipg: or ipg-prod:.`);
  return {
    url,
    keyPrefix,
    commandTimeoutMs: integer(env, 'REDIS_TIMEOUT_MS', 250, 10, 10_000),
    replicas: replicasText === undefined ? undefined : integer(env, 'GATEWAY_REPLICAS', 1, 1, 1000),
  };
}

/** The Redis URL as it may be logged: without its password. */
export function redisUrlForLog(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) return url;
  parsed.password = '';
  return `${parsed.toString()} (password not shown)`;
}
