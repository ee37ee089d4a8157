import { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from './config/config';
import type { Env } from './config/env-values';
import type { Emulator } from './emulator/server';
import type { ServicePacing } from './upstream/calls';
import { createUpstream, type Upstream, type UpstreamOptions } from './upstream/upstream';
import type { Service } from './upstream/where';

export interface Backend {
  upstream: Upstream;
  /** Where each service's calls go, for the startup log. */
  endpoints: Record<Service, string>;
  defaultRegion: string | undefined;
  emulator?: Emulator;
  close(): Promise<void>;
}

/** Static credentials for the emulator, which gives keys it did not issue its own account. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'LOCALEMULATORKEY', secretAccessKey: 'local-emulator-secret' };

const pacing = (setting: string, ratePerSecond: number, burst: number): ServicePacing | undefined =>
  // The burst defaults to one second's worth, as a token bucket sized to its rate would hold.
  ratePerSecond > 0 ? { ratePerSecond, burst: burst || Math.max(1, Math.ceil(ratePerSecond)), setting } : undefined;

/** The upstream settings that come from configuration, whichever the backend. */
export function upstreamOptions(config: GatewayConfig): Omit<UpstreamOptions, 'endpoints' | 'credentials' | 'region' | 'registry'> {
  const { timeoutMs, maxAttempts, cacheTtlSeconds, ratePerSecond, rateBurst, imageBuilderRatePerSecond, imageBuilderRateBurst } = config.upstream;
  return {
    timeoutMs,
    maxAttempts,
    cacheTtlSeconds,
    pacing: {
      cloudcontrol: pacing('CLOUDCONTROL_RATE_PER_SECOND', ratePerSecond, rateBurst),
      imagebuilder: pacing('IMAGEBUILDER_RATE_PER_SECOND', imageBuilderRatePerSecond, imageBuilderRateBurst),
    },
    // Without a configured rate, each lane learns its own from the service's throttling.
    learn: { cloudcontrol: 'CLOUDCONTROL_RATE_PER_SECOND', imagebuilder: 'IMAGEBUILDER_RATE_PER_SECOND' },
    roleArnTemplate: config.accounts.roleArnTemplate,
    allowedAccounts: config.accounts.allowed,
  };
}

/**
 * `local`: the embedded emulator, started in this process on its own HTTP port, reached over
 * HTTP like AWS, for all three services. `aws`: the SDK's default credential chain, region and
 * endpoint resolution (AWS_ENDPOINT_URL_CLOUDCONTROL, _IMAGEBUILDER, _STS, or AWS_ENDPOINT_URL).
 */
export async function startBackend(config: GatewayConfig, env: Env, registry: Registry, sharing?: Pick<UpstreamOptions, 'store' | 'paceFor'>): Promise<Backend> {
  if (config.backend === 'local') {
    // The embedded emulator takes EMULATOR_* settings too, but a free port unless one is named,
    // so it never collides with a standalone `npm run emulator`.
    // Loaded only here: the aws backend never pays for the emulator's modules at start.
    const [{ emulatorOptionsFromEnv }, { startEmulator }] = await Promise.all([import('./emulator/env'), import('./emulator/server')]);
    const options = emulatorOptionsFromEnv(env);
    const emulator = await startEmulator({ ...options, port: env.EMULATOR_PORT ? options.port : 0 });
    const region = config.region ?? 'us-east-1';
    const endpoints = { cloudcontrol: emulator.url, imagebuilder: emulator.url, sts: emulator.url };
    const upstream = createUpstream({ ...upstreamOptions(config), ...sharing, endpoints, credentials: EMULATOR_CREDENTIALS, region, registry });
    const embedded = `${emulator.url} (embedded emulator)`;
    return {
      upstream,
      endpoints: { cloudcontrol: embedded, imagebuilder: embedded, sts: embedded },
      defaultRegion: region,
      emulator,
      close: async () => {
        upstream.destroy();
        await emulator.close();
      },
    };
  }
  const defaultRegion = config.region ?? (await sdkDefaultRegion());
  const upstream = createUpstream({ ...upstreamOptions(config), ...sharing, endpoints: {}, credentials: fromNodeProviderChain(), region: defaultRegion ?? 'us-east-1', registry });
  const endpoint = (name: string, fallback: string) => withoutUserInfo(env[`AWS_ENDPOINT_URL_${name}`] ?? env.AWS_ENDPOINT_URL) ?? fallback;
  return {
    upstream,
    endpoints: {
      cloudcontrol: endpoint('CLOUDCONTROL', 'https://cloudcontrolapi.<region>.amazonaws.com'),
      imagebuilder: endpoint('IMAGEBUILDER', 'https://imagebuilder.<region>.amazonaws.com'),
      sts: endpoint('STS', 'https://sts.<region>.amazonaws.com'),
    },
    defaultRegion,
    close: async () => upstream.destroy(),
  };
}

/** An endpoint as it may be logged: a user name or password written into the URL is not. */
function withoutUserInfo(endpoint: string | undefined): string | undefined {
  if (endpoint === undefined) return undefined;
  try {
    const url = new URL(endpoint);
    if (!url.username && !url.password) return endpoint;
    url.username = '';
    url.password = '';
    return `${url.toString()} (credentials in the URL not shown)`;
  } catch {
    return '(not a URL)';
  }
}

/** The region the SDK would pick on its own (environment, profile, IMDS); undefined if none. */
async function sdkDefaultRegion(): Promise<string | undefined> {
  const probe = new CloudControlClient({});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}
