import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { CloudControlClient } from '@aws-sdk/client-cloudcontrol';
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Registry } from 'prom-client';
import { Accounts } from './accounts';
import { UpstreamCalls, type ServicePacing } from './calls';
import { ServiceClients } from './clients';
import { CloudControl } from './cloudcontrol/cloud-control';
import { ImageBuilder } from './imagebuilder/image-builder';
import { createUpstreamMetrics, type UpstreamMetrics } from './metrics';
import { ReadCache } from './read-cache';
import { RetryAllButThrottling } from './throttling-retry';
import type { ReadStore } from './read-store';
import type { Pace, PacingOptions } from './pacing';
import type { Service } from './where';

export interface UpstreamOptions {
  /** Fixed endpoints (the emulator's); a service without one follows the SDK (AWS_ENDPOINT_URL_<SERVICE>, or AWS). */
  endpoints: Partial<Record<Service, string>>;
  /** The gateway's own credentials. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** The region STS calls are made in. */
  region: string;
  timeoutMs: number;
  maxAttempts: number;
  /** How long a read is served again without a call (seconds); 0: only identical reads in flight are shared. */
  cacheTtlSeconds: number;
  /** false turns off all sharing of reads, so every read is a call: only for the benchmark's naive baseline. */
  shareReads?: boolean;
  pacing?: Partial<Record<Service, ServicePacing>>;
  /** Services without a configured rate that learn one from their throttling answers, each named by its rate's setting (see UpstreamCalls). */
  learn?: Partial<Record<Service, string>>;
  /** Replicas sharing through Redis: the read cache's shared layer and where each pace is kept (default: in this process). */
  store?: ReadStore;
  paceFor?: (service: Service, pacing: PacingOptions) => Pace;
  /** ACCOUNT_ROLE_ARN and ACCOUNT_IDS (see Accounts). */
  roleArnTemplate?: string;
  allowedAccounts?: readonly string[];
  registry: Registry;
  /** Metrics to count with instead of the registry's own (the benchmark's naive baseline counts nothing). */
  metrics?: UpstreamMetrics;
}

/** Everything the gateway calls AWS with, built once per process and shared by every request. */
export interface Upstream {
  cloudControl: CloudControl;
  imageBuilder: ImageBuilder;
  accounts: Accounts;
  reads: ReadCache;
  destroy(): void;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  // One connection pool for every service, account and region; keep-alive saves a TLS handshake per call.
  const requestHandler = new NodeHttpHandler({
    connectionTimeout: Math.min(options.timeoutMs, 3000),
    requestTimeout: options.timeoutMs,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
  });
  let accounts: Accounts | undefined;
  const metrics = options.metrics ?? createUpstreamMetrics(options.registry, (accountId) => accounts?.label(accountId) ?? 'self');
  const calls = new UpstreamCalls({ timeoutMs: options.timeoutMs, maxAttempts: options.maxAttempts, metrics, pacing: options.pacing, learn: options.learn, paceFor: options.paceFor });
  accounts = new Accounts({
    credentials: options.credentials,
    roleArnTemplate: options.roleArnTemplate,
    allowedAccounts: options.allowedAccounts ?? [],
    stsEndpoint: options.endpoints.sts,
    region: options.region,
    maxAttempts: options.maxAttempts,
    requestHandler,
    calls,
  });
  const ttlMs = options.cacheTtlSeconds * 1000;
  const reads = new ReadCache({
    ttlMs,
    // An expired answer may be served once more while its refresh is in flight, for as long again.
    staleMs: ttlMs,
    share: options.shareReads ?? true,
    store: options.store,
    onRead: (key, source) => metrics.observeRead(key.kind === 'resource' || key.kind === 'list' ? 'cloudcontrol' : 'imagebuilder', readOperation(key.kind), key.typeName, source),
  });
  // A service whose rate is learned gets its throttled calls back from the SDK at once (the pace retries them).
  const learns = (service: Service) => Boolean(options.learn?.[service]) && !options.pacing?.[service];
  const sdk = (service: Service) => ({
    maxAttempts: options.maxAttempts,
    ...(learns(service) ? { retryStrategy: new RetryAllButThrottling(options.maxAttempts) } : { retryMode: 'standard' }),
    requestHandler,
  });
  const cloudControl = new CloudControl({
    calls,
    accounts,
    reads,
    clients: new ServiceClients(accounts, (region, credentials) => new CloudControlClient({ ...sdk('cloudcontrol'), region, credentials, endpoint: options.endpoints.cloudcontrol })),
  });
  const imageBuilder = new ImageBuilder({
    calls,
    accounts,
    reads,
    clients: new ServiceClients(accounts, (region, credentials) => new ImagebuilderClient({ ...sdk('imagebuilder'), region, credentials, endpoint: options.endpoints.imagebuilder })),
  });
  return {
    cloudControl,
    imageBuilder,
    accounts,
    reads,
    destroy: () => {
      accounts!.destroy();
      requestHandler.destroy();
    },
  };
}

/** The operation a kind of read is made with, for the read metrics. */
function readOperation(kind: string): string {
  if (kind === 'resource') return 'GetResource';
  if (kind === 'list') return 'ListResources';
  if (kind === 'health' || kind.startsWith('pipelines:')) return 'ListImagePipelines';
  if (kind.startsWith('images:')) return 'ListImagePipelineImages';
  if (kind === 'image') return 'GetImage';
  return 'GetWorkflow';
}
