import { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { Registry } from 'prom-client';
import { CloudControl, type CloudControlOptions } from './cloudcontrol/cloud-control';
import { createCloudControlMetrics } from './cloudcontrol/metrics';
import type { GatewayConfig } from './config/config';
import { emulatorOptionsFromEnv } from './emulator/env';
import { type Emulator, startEmulator } from './emulator/server';
import type { Env } from './config/env-values';

export interface Backend {
  cloudControl: CloudControl;
  /** Where Cloud Control calls go, for the startup log. */
  endpoint: string;
  defaultRegion: string | undefined;
  emulator?: Emulator;
  close(): Promise<void>;
}

/** Static credentials for the emulator, which reads only the region from the signature. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'LOCALEMULATORKEY', secretAccessKey: 'local-emulator-secret' };

/** The CloudControl settings that come from configuration, whichever the backend. */
export function upstreamOptions(config: GatewayConfig): Omit<CloudControlOptions, 'metrics' | 'endpoint' | 'credentials'> {
  const { timeoutMs, maxAttempts, cacheTtlSeconds, ratePerSecond, rateBurst } = config.upstream;
  return {
    timeoutMs,
    maxAttempts,
    cacheTtlSeconds,
    // The burst defaults to one second's worth, as a token bucket sized to its rate would hold.
    pacing: ratePerSecond > 0 ? { ratePerSecond, burst: rateBurst || Math.max(1, Math.ceil(ratePerSecond)) } : undefined,
  };
}

/**
 * `local`: the embedded emulator, started in this process on its own HTTP port, reached over
 * HTTP like AWS. `aws`: the SDK's default credential chain, region and endpoint resolution
 * (including AWS_ENDPOINT_URL_CLOUDCONTROL).
 */
export async function startBackend(config: GatewayConfig, env: Env, registry: Registry): Promise<Backend> {
  const upstream = { ...upstreamOptions(config), metrics: createCloudControlMetrics(registry) };
  if (config.backend === 'local') {
    // The embedded emulator takes EMULATOR_* settings too, but a free port unless one is named,
    // so it never collides with a standalone `npm run emulator`.
    const options = emulatorOptionsFromEnv(env);
    const emulator = await startEmulator({ ...options, port: env.EMULATOR_PORT ? options.port : 0 });
    const cloudControl = new CloudControl({ ...upstream, endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS });
    return {
      cloudControl,
      endpoint: `${emulator.url} (embedded emulator)`,
      defaultRegion: config.region,
      emulator,
      close: async () => {
        cloudControl.destroy();
        await emulator.close();
      },
    };
  }
  const cloudControl = new CloudControl({ ...upstream, credentials: fromNodeProviderChain() });
  return {
    cloudControl,
    endpoint: withoutUserInfo(env.AWS_ENDPOINT_URL_CLOUDCONTROL ?? env.AWS_ENDPOINT_URL) ?? 'https://cloudcontrolapi.<region>.amazonaws.com',
    defaultRegion: config.region ?? (await sdkDefaultRegion()),
    close: async () => cloudControl.destroy(),
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
