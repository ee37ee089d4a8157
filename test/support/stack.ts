import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { upstreamOptions } from '../../src/backend';
import { type GatewayConfig, loadConfig } from '../../src/config/config';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/emulator/server';
import { createGatewayServer } from '../../src/http/gateway-server';
import { createLogger } from '../../src/logger';
import { type HoldingProxy, startHoldingProxy } from './holding-proxy';
import { createReadinessCheck } from '../../src/plugins/readiness';
import { WritesInFlight } from '../../src/writes/writes-in-flight';
import { createUpstream, type Upstream, type UpstreamOptions } from '../../src/upstream/upstream';
import { createGateway } from '../../src/yoga';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[] };
}

export interface Stack {
  emulator: Emulator;
  /** The gateway's upstream layer, for tests that look beneath the HTTP surface (accounts, the read cache). */
  upstream: Upstream;
  /** With `holdingProxy: true`: the proxy between the gateway and the emulator, which can hold calls. */
  proxy: HoldingProxy | undefined;
  config: GatewayConfig;
  /** The gateway's GraphQL endpoint on a real socket. */
  url: string;
  origin: string;
  /** Everything the gateway logged, one JSON line each. */
  logs: string[];
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

export interface StackOptions {
  emulator?: EmulatorOptions;
  /** Gateway environment, as a deployment would set it. */
  env?: Record<string, string>;
  /** Point the gateway's Cloud Control calls at this endpoint instead of the test's emulator (STS and Image Builder stay on it). */
  endpoint?: string;
  /** Put a holding proxy (support/holding-proxy.ts) between the gateway and the emulator. */
  holdingProxy?: boolean;
  /** The gateway's AWS credentials (TEST_CREDENTIALS unless given). */
  credentials?: UpstreamOptions['credentials'];
}

export const TEST_CREDENTIALS = { accessKeyId: 'TESTACCESSKEY', secretAccessKey: 'test-secret' };

/**
 * The gateway and an emulator, each on its own real HTTP socket, wired the way `npm start`
 * wires them: every test request crosses HTTP into the gateway, and every Cloud Control call
 * crosses HTTP, through the AWS SDK, into the emulator.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({ ...options.emulator, settings: { writeDelayMs: 50, ...options.emulator?.settings } });
  const config = loadConfig({ CACHE_TTL_SECONDS: '0', CLOUDCONTROL_TIMEOUT_MS: '5000', ...options.env });
  const logs: string[] = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _encoding, done) => (logs.push(String(chunk)), done()) }));
  const registry = new Registry();
  const proxy = options.holdingProxy ? await startHoldingProxy(emulator.url) : undefined;
  const emulated = proxy?.url ?? emulator.url;
  const upstream = createUpstream({
    ...upstreamOptions(config),
    endpoints: { cloudcontrol: options.endpoint ?? emulated, imagebuilder: emulated, sts: emulated },
    credentials: options.credentials ?? TEST_CREDENTIALS,
    region: config.region ?? 'us-east-1',
    registry,
  });
  const gateway = createGateway({
    config,
    upstream,
    registry,
    logger,
    defaultRegion: config.region,
    isReady: createReadinessCheck(upstream, config.region, () => false),
    writesInFlight: new WritesInFlight(logger),
    shutdown: new AbortController().signal,
  });
  // As src/server.ts does at startup: the gateway learns its own account (STS GetCallerIdentity)
  // before it serves, so the tests count only the calls their requests make.
  await upstream.accounts.ownAccountId().catch(() => undefined);
  emulator.calls.reset();
  const server = createGatewayServer(gateway, config.http.server, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;
  return {
    emulator,
    upstream,
    proxy,
    config,
    url,
    origin,
    logs,
    async gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<T>['body'] };
    },
    async metric(name, labels = {}) {
      const text = await (await fetch(`${origin}/metrics`)).text();
      return sumMetric(text, name, labels);
    },
    async close() {
      proxy?.release();
      await closeServer(server);
      upstream.destroy();
      await proxy?.close();
      await emulator.close();
    },
  };
}

/** Sum of the samples of a metric whose labels include the given ones. */
export function sumMetric(text: string, name: string, labels: Record<string, string>): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`).exec(line);
    if (!match) continue;
    const present = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) total += Number(match[2]);
  }
  return total;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export const DEMO = {
  golden: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden',
  ubuntu: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/ubuntu-22-04-cis-hardened',
  windows: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/windows-server-2022-base',
  nginx: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/nginx-edge-container',
  euGolden: 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/amazon-linux-2023-golden',
  euRhel: 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/rhel-9-stig',
  missing: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/does-not-exist',
} as const;

/**
 * Waits until observable state (metrics, the emulator's log, a response) says what the test
 * expects; fails, saying what it waited for, if it never does.
 */
export async function until(condition: () => Promise<boolean> | boolean, waitingFor: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${waitingFor}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
