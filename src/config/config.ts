import { randomBytes } from 'node:crypto';
import { isRegion } from '../resources/arn';
import type { Scope } from '../context';
import { ConfigError, decimal, type Env, flag, integer, list, oneOf, optionalText, text } from './env-values';
import { type PersistedOperations, readPersistedOperations } from './persisted-operations';

export type Backend = 'local' | 'aws';

export interface AccessConfig {
  /** token → scope; compared in constant time by the auth plugin. */
  tokens: Map<string, Exclude<Scope, 'none'>>;
  /** What a request without a token may do. */
  anonymous: Scope;
}

export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
  maxDirectives: number;
  /** Distinct Cloud Control reads one request may cause, estimated before execution. */
  maxUpstreamKeys: number;
  maxPageSize: number;
  defaultPageSize: number;
  maxBodyBytes: number;
}

export interface GatewayConfig {
  host: string;
  port: number;
  backend: Backend;
  /** The default region, when known from configuration; the aws backend may also learn it from the SDK. */
  region: string | undefined;
  allowedRegions: string[];
  upstream: {
    timeoutMs: number;
    maxAttempts: number;
    concurrency: number;
    cacheTtlSeconds: number;
    /** Calls a second per region the gateway keeps to, and its burst; 0: unpaced. */
    ratePerSecond: number;
    rateBurst: number;
  };
  writes: { waitTimeoutMs: number; pollIntervalMs: number };
  /** Open subscription streams the gateway holds at once, and how long one may stay open. */
  subscriptions: { max: number; maxLifetimeMs: number };
  /** Trusted documents: when set, only these run (otherwise automatic persisted queries). */
  persistedOperations: PersistedOperations | undefined;
  access: AccessConfig;
  limits: LimitsConfig;
  http: { corsOrigins: string[]; graphiql: boolean; introspection: boolean };
  cursorSecret: string;
  cursorSecretFromEnv: boolean;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

const TOKEN_MIN_LENGTH = 16;

/** How many items a list returns when `first` is omitted (at most MAX_PAGE_SIZE). */
export const DEFAULT_PAGE_SIZE = 20;

function parseTokens(entries: string[]): Map<string, Exclude<Scope, 'none'>> {
  const tokens = new Map<string, Exclude<Scope, 'none'>>();
  entries.forEach((entry, index) => {
    const separator = entry.lastIndexOf(':');
    const token = separator < 0 ? '' : entry.slice(0, separator);
    const scope = separator < 0 ? '' : entry.slice(separator + 1);
    // Never echo the token itself: the line is printed.
    const where = `GATEWAY_TOKENS entry ${index + 1}`;
    if (separator < 0) throw new ConfigError(`${where} has no scope: expected token:read or token:write.`);
    if (scope !== 'read' && scope !== 'write') throw new ConfigError(`${where} has scope "${scope}": expected read or write.`);
    if (token.length < TOKEN_MIN_LENGTH) throw new ConfigError(`${where} is too short: tokens need at least ${TOKEN_MIN_LENGTH} characters.`);
    if (/\s/.test(token)) throw new ConfigError(`${where} contains whitespace.`);
    if (tokens.has(token)) throw new ConfigError(`${where} repeats an earlier token.`);
    tokens.set(token, scope);
  });
  return tokens;
}

function parseRegions(name: string, values: string[]): string[] {
  for (const value of values) {
    if (!isRegion(value)) throw new ConfigError(`${name} holds "${value}", which is not an AWS region code such as us-east-1.`);
  }
  return values;
}

/** CORS origins as browsers send them (`*`, or scheme://host[:port] with nothing after it), normalised. */
function parseOrigins(values: string[]): string[] {
  return values.map((value) => {
    if (value === '*') return value;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || url.origin === 'null' || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
      throw new ConfigError(`CORS_ORIGINS holds "${value}", which is not an origin: expected * or scheme://host[:port], such as https://dash.example.com.`);
    }
    return url.origin;
  });
}

/**
 * The gateway's whole configuration from the environment, validated: a mistake stops the start
 * with one line naming the variable, instead of surfacing later as a confusing request failure.
 */
export function loadConfig(env: Env): GatewayConfig {
  const backend = oneOf(env, 'CLOUDCONTROL_BACKEND', 'local', ['local', 'aws'] as const);
  const regionText = optionalText(env, 'AWS_REGION') ?? optionalText(env, 'AWS_DEFAULT_REGION');
  if (regionText !== undefined) parseRegions('AWS_REGION', [regionText]);
  const cursorSecret = optionalText(env, 'CURSOR_SECRET');
  if (cursorSecret !== undefined && cursorSecret.length < 32) throw new ConfigError('CURSOR_SECRET is too short: use at least 32 characters.');
  const maxPageSize = integer(env, 'MAX_PAGE_SIZE', 100, 1, 1000);
  return {
    host: text(env, 'HOST', '127.0.0.1'),
    port: integer(env, 'PORT', 4000, 0, 65535),
    backend,
    region: regionText ?? (backend === 'local' ? 'us-east-1' : undefined),
    allowedRegions: parseRegions('GATEWAY_REGIONS', list(env, 'GATEWAY_REGIONS')),
    upstream: {
      timeoutMs: integer(env, 'CLOUDCONTROL_TIMEOUT_MS', 10_000, 100, 300_000),
      maxAttempts: integer(env, 'CLOUDCONTROL_MAX_ATTEMPTS', 3, 1, 10),
      concurrency: integer(env, 'CLOUDCONTROL_CONCURRENCY', 10, 1, 100),
      cacheTtlSeconds: decimal(env, 'CACHE_TTL_SECONDS', 5, 0, 3600),
      ratePerSecond: decimal(env, 'CLOUDCONTROL_RATE_PER_SECOND', 0, 0, 10_000),
      rateBurst: integer(env, 'CLOUDCONTROL_RATE_BURST', 0, 0, 10_000),
    },
    writes: {
      waitTimeoutMs: integer(env, 'WRITE_WAIT_SECONDS', 120, 1, 3600) * 1000,
      pollIntervalMs: integer(env, 'WRITE_POLL_MS', 1000, 10, 60_000),
    },
    subscriptions: {
      max: integer(env, 'MAX_SUBSCRIPTIONS', 1000, 1, 100_000),
      maxLifetimeMs: integer(env, 'SUBSCRIPTION_MAX_SECONDS', 3600, 1, 86_400) * 1000,
    },
    persistedOperations: readPersistedOperations(env),
    access: {
      tokens: parseTokens(list(env, 'GATEWAY_TOKENS')),
      anonymous: oneOf(env, 'GATEWAY_ANONYMOUS', backend === 'local' ? 'write' : 'read', ['none', 'read', 'write'] as const),
    },
    limits: {
      maxDepth: integer(env, 'MAX_QUERY_DEPTH', 10, 2, 100),
      maxAliases: integer(env, 'MAX_ALIASES', 50, 1, 1000),
      maxTokens: integer(env, 'MAX_QUERY_TOKENS', 3000, 100, 100_000),
      maxCost: integer(env, 'MAX_QUERY_COST', 100_000, 100, 10_000_000),
      maxDirectives: integer(env, 'MAX_DIRECTIVES', 20, 1, 1000),
      maxUpstreamKeys: integer(env, 'MAX_UPSTREAM_KEYS', 1000, 1, 10_000),
      maxPageSize,
      defaultPageSize: Math.min(DEFAULT_PAGE_SIZE, maxPageSize),
      maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
    },
    http: {
      // The local backend serves only the emulator, so any origin may use it; aws needs a list.
      corsOrigins: list(env, 'CORS_ORIGINS').length ? parseOrigins(list(env, 'CORS_ORIGINS')) : backend === 'local' ? ['*'] : [],
      graphiql: flag(env, 'GRAPHIQL', backend === 'local'),
      introspection: flag(env, 'INTROSPECTION', true),
    },
    cursorSecret: cursorSecret ?? randomBytes(32).toString('hex'),
    cursorSecretFromEnv: cursorSecret !== undefined,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 300_000),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error', 'silent'] as const),
  };
}

/** The effective settings for the startup log: secrets are counted or redacted, never shown. */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  const scopes = [...config.access.tokens.values()];
  return {
    host: config.host,
    port: config.port,
    backend: config.backend,
    defaultRegion: config.region ?? null,
    allowedRegions: config.allowedRegions.length ? config.allowedRegions : 'any',
    upstream: config.upstream,
    writes: config.writes,
    subscriptions: config.subscriptions,
    persistedOperations: config.persistedOperations
      ? { path: config.persistedOperations.path, documents: config.persistedOperations.documents.size }
      : 'automatic persisted queries',
    access: {
      tokens: { read: scopes.filter((s) => s === 'read').length, write: scopes.filter((s) => s === 'write').length },
      anonymous: config.access.anonymous,
    },
    limits: config.limits,
    http: { ...config.http, corsOrigins: config.http.corsOrigins.length ? config.http.corsOrigins : 'same-origin only' },
    cursorSecret: config.cursorSecretFromEnv ? '[set]' : '[random per process]',
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logLevel: config.logLevel,
  };
}
