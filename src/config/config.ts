import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { Scope } from '../context';
import { parseHostAndPort } from '../http/host-header';
import { partitionOfRegion } from '../resources/arn';
import { ConfigError, decimal, endpointUrl, type Env, flag, integer, list, oneOf, optionalText, text } from './env-values';
import { type PersistedOperations, readPersistedOperations } from './persisted-operations';
import { loadRedisConfig, type RedisConfig, redisUrlForLog } from './redis-config';

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

/** Node's HTTP server: how long a client may take to send a request, and how many may connect. */
export interface HttpServerConfig {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

/** GraphQL requests executing at once, and how long one more waits for a turn before a 503. */
export interface AdmissionConfig {
  maxConcurrent: number;
  queueMs: number;
  /** COALESCE_QUERIES: an identical query (same caller access) arriving while one executes waits for its answer instead of executing. */
  coalesce: boolean;
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
    /** Cloud Control calls a second per account and region the gateway keeps to, and its burst; 0: learned from the service's throttling. */
    ratePerSecond: number;
    rateBurst: number;
    /** The same for Image Builder's own API, whose quota is its own. */
    imageBuilderRatePerSecond: number;
    imageBuilderRateBurst: number;
  };
  /** Other accounts: the role to assume in each (a template with {accountId}), and which may be read (empty: any). */
  accounts: { roleArnTemplate: string | undefined; allowed: string[] };
  writes: { waitTimeoutMs: number; pollIntervalMs: number };
  /** Open subscription streams the gateway holds at once, how long one may stay open, and how often a followed image build is read. */
  subscriptions: { max: number; maxLifetimeMs: number; imagePollMs: number };
  /** Trusted documents: when set, only these run (otherwise automatic persisted queries). */
  persistedOperations: PersistedOperations | undefined;
  access: AccessConfig;
  limits: LimitsConfig;
  http: {
    corsOrigins: string[];
    /** Host header values served (`name` or `name:port`, normalised); `*`: any. */
    allowedHosts: string[];
    graphiql: boolean;
    introspection: boolean;
    server: HttpServerConfig;
  };
  admission: AdmissionConfig;
  /** COMPILE_QUERIES: a query document run a third time runs compiled (graphql-jit) from then on (src/plugins/execution.ts). */
  compileQueries: boolean;
  /** REDIS_URL and its companions: replicas share reads, pacing, invalidation and events; undefined: all in-process. */
  redis: RedisConfig | undefined;
  cursorSecret: string;
  cursorSecretFromEnv: boolean;
  shutdownTimeoutMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** LOG_BUFFER_BYTES: log text that may wait for a slow reader of standard output before lines are dropped (src/log-destination.ts). */
  logBufferBytes: number;
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

/** The role the local backend assumes in other accounts: the one the emulator's second account has. */
const LOCAL_ROLE_TEMPLATE = 'arn:aws:iam::{accountId}:role/ImageBuilderGateway';

/** ACCOUNT_ROLE_ARN: an IAM role ARN whose account is the placeholder {accountId}. */
function parseRoleTemplate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^arn:aws(?:-[a-z]+)*:iam::\{accountId\}:role\/[\w+=,.@\/-]{1,512}$/.test(value)) {
    throw new ConfigError(
      `ACCOUNT_ROLE_ARN="${value}" is not valid: expected an IAM role ARN with {accountId} for the account, such as arn:aws:iam::{accountId}:role/ImageBuilderGateway.`,
    );
  }
  return value;
}

function parseAccountIds(values: string[]): string[] {
  for (const value of values) {
    if (!/^\d{12}$/.test(value)) throw new ConfigError(`ACCOUNT_IDS holds "${value}", which is not a 12-digit AWS account id.`);
  }
  return values;
}

function parseRegions(name: string, values: string[]): string[] {
  for (const value of values) {
    if (!partitionOfRegion(value)) throw new ConfigError(`${name} holds "${value}", which is not an AWS region (by the AWS SDK's partition metadata), such as us-east-1.`);
  }
  return values;
}

/**
 * `*.domain` in an origin: one or more whole labels before a domain of at least two labels, as
 * in https://*.example.com. Matched by plugins/cors.ts; any other `*` is refused, not kept
 * literally (no browser sends an origin with a `*` in it).
 */
const ORIGIN_PATTERN = /^(https?):\/\/\*\.((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?::(\d{1,5}))?$/;
const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

/** `*` alone would already allow every origin: beside others it is a mistake either way. */
function refuseStarBesideOthers(name: string, values: string[]): void {
  if (values.includes('*') && values.length > 1) {
    throw new ConfigError(`${name} holds * beside other entries: * alone allows any; list the entries without *, or give * alone.`);
  }
}

/** CORS origins as browsers send them (`*`, `scheme://host[:port]` or `scheme://*.domain[:port]`), normalised. */
function parseOrigins(values: string[]): string[] {
  refuseStarBesideOthers('CORS_ORIGINS', values);
  return values.map((value) => {
    if (value === '*') return value;
    if (value.includes('*')) {
      const match = ORIGIN_PATTERN.exec(value.toLowerCase());
      if (!match) {
        throw new ConfigError(
          `CORS_ORIGINS holds "${value}": a * may only stand for the leftmost labels of a host, as in https://*.example.com (which allows https://a.example.com and https://a.b.example.com, not https://example.com).`,
        );
      }
      const [, scheme, domain, port] = match;
      return `${scheme}://*.${domain}${port && port !== DEFAULT_PORTS[scheme!] ? `:${Number(port)}` : ''}`;
    }
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

/** The names a browser on this machine uses for a gateway listening on loopback. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return isIP(bare) === 6 && new URL(`http://[${bare}]/`).hostname === '[::1]';
}

/**
 * ALLOWED_HOSTS: the Host headers served, as `name` (any port) or `name:port`. By default a
 * gateway on loopback serves only loopback names, which defeats DNS rebinding (a page whose own
 * name resolves to 127.0.0.1 still sends its own name); one listening elsewhere serves any.
 */
function parseAllowedHosts(values: string[], listenHost: string): string[] {
  if (values.length === 0) return isLoopback(listenHost) ? LOOPBACK_HOSTS : ['*'];
  refuseStarBesideOthers('ALLOWED_HOSTS', values);
  return values.map((value) => {
    if (value === '*') return value;
    const parsed = parseHostAndPort(value);
    if (!parsed) {
      throw new ConfigError(`ALLOWED_HOSTS holds "${value}", which is not a host name: expected name or name:port, such as gateway.example.com or localhost:4000.`);
    }
    return parsed.port === undefined ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  });
}

function parseServerTimeouts(env: Env): HttpServerConfig {
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 1000, 120_000);
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', 30_000, 1000, 600_000);
  // Node refuses a server whose headers may take longer than the whole request.
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(`REQUEST_TIMEOUT_MS=${requestTimeoutMs} is shorter than HEADERS_TIMEOUT_MS=${headersTimeoutMs}: the whole request cannot take less time than its headers.`);
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5000, 1000, 600_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 1024, 1, 100_000),
  };
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
  const host = text(env, 'HOST', '127.0.0.1');
  // The SDK reads these itself; a value it could not use would only fail at the first call.
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_CLOUDCONTROL', 'AWS_ENDPOINT_URL_IMAGEBUILDER', 'AWS_ENDPOINT_URL_STS']) endpointUrl(env, name);
  return {
    host,
    port: integer(env, 'PORT', 4000, 0, 65535),
    backend,
    region: regionText ?? (backend === 'local' ? 'us-east-1' : undefined),
    allowedRegions: parseRegions('GATEWAY_REGIONS', list(env, 'GATEWAY_REGIONS')),
    upstream: {
      timeoutMs: integer(env, 'CLOUDCONTROL_TIMEOUT_MS', 10_000, 100, 300_000),
      maxAttempts: integer(env, 'CLOUDCONTROL_MAX_ATTEMPTS', 3, 1, 10),
      concurrency: integer(env, 'CLOUDCONTROL_CONCURRENCY', 10, 1, 100),
      cacheTtlSeconds: decimal(env, 'CACHE_TTL_SECONDS', 5, 0.1, 3600, 'no cache'),
      ratePerSecond: decimal(env, 'CLOUDCONTROL_RATE_PER_SECOND', 0, 0.1, 10_000, 'learned'),
      rateBurst: integer(env, 'CLOUDCONTROL_RATE_BURST', 0, 0, 10_000),
      imageBuilderRatePerSecond: decimal(env, 'IMAGEBUILDER_RATE_PER_SECOND', 0, 0.1, 10_000, 'learned'),
      imageBuilderRateBurst: integer(env, 'IMAGEBUILDER_RATE_BURST', 0, 0, 10_000),
    },
    accounts: {
      // The local backend's emulator has a second account with this role, so `npm start` shows one out of the box.
      roleArnTemplate: parseRoleTemplate(optionalText(env, 'ACCOUNT_ROLE_ARN') ?? (backend === 'local' ? LOCAL_ROLE_TEMPLATE : undefined)),
      allowed: parseAccountIds(list(env, 'ACCOUNT_IDS')),
    },
    writes: {
      waitTimeoutMs: integer(env, 'WRITE_WAIT_SECONDS', 120, 1, 3600) * 1000,
      pollIntervalMs: integer(env, 'WRITE_POLL_MS', 1000, 10, 60_000),
    },
    subscriptions: {
      max: integer(env, 'MAX_SUBSCRIPTIONS', 1000, 1, 100_000),
      maxLifetimeMs: integer(env, 'SUBSCRIPTION_MAX_SECONDS', 3600, 1, 86_400) * 1000,
      imagePollMs: integer(env, 'IMAGE_POLL_MS', 5000, 10, 600_000),
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
      allowedHosts: parseAllowedHosts(list(env, 'ALLOWED_HOSTS'), host),
      graphiql: flag(env, 'GRAPHIQL', backend === 'local'),
      introspection: flag(env, 'INTROSPECTION', true),
      server: parseServerTimeouts(env),
    },
    admission: {
      maxConcurrent: integer(env, 'MAX_CONCURRENT_REQUESTS', 64, 1, 10_000),
      queueMs: integer(env, 'ADMISSION_QUEUE_MS', 1000, 0, 60_000),
      coalesce: flag(env, 'COALESCE_QUERIES', true),
    },
    compileQueries: flag(env, 'COMPILE_QUERIES', true),
    redis: loadRedisConfig(env),
    cursorSecret: cursorSecret ?? randomBytes(32).toString('hex'),
    cursorSecretFromEnv: cursorSecret !== undefined,
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 300_000),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error', 'silent'] as const),
    logBufferBytes: integer(env, 'LOG_BUFFER_BYTES', 16 * 1024 * 1024, 65_536, 1_073_741_824),
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
    accounts: { roleArnTemplate: config.accounts.roleArnTemplate ?? 'none (own account only)', allowed: config.accounts.allowed.length ? config.accounts.allowed : 'any the role opens' },
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
    http: {
      ...config.http,
      corsOrigins: config.http.corsOrigins.length ? config.http.corsOrigins : 'same-origin only',
      allowedHosts: config.http.allowedHosts.includes('*') ? 'any' : config.http.allowedHosts,
    },
    admission: config.admission,
    compileQueries: config.compileQueries,
    redis: config.redis
      ? { ...config.redis, url: redisUrlForLog(config.redis.url), replicas: config.redis.replicas ?? 'counted in Redis' }
      : 'none (every replica keeps its own reads, pacing and events)',
    cursorSecret: config.cursorSecretFromEnv ? '[set]' : '[random per process]',
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    logLevel: config.logLevel,
    logBufferBytes: config.logBufferBytes,
  };
}
