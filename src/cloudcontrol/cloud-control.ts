import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  CancelResourceRequestCommand,
  CloudControlClient,
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  ListResourceRequestsCommand,
  ListResourcesCommand,
  type ProgressEvent,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LRUCache } from 'lru-cache';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { PatchOperation } from '../resources/patch';
import type { ResourceModel } from '../resources/registry-schema';
import { translateError, UpstreamError } from './errors';
import type { CloudControlMetrics } from './metrics';
import { fromProgressEvent, isFinal, type ResourceRequestState, type RequestStatusValue, type WriteOperation } from './progress';
import { type PacingOptions, RegionPacing } from './pacing';
import { ReadCache, type ReadKey } from './read-cache';

export interface CloudControlOptions {
  /** A fixed endpoint (the emulator); when absent the SDK resolves it (AWS_ENDPOINT_URL_CLOUDCONTROL or AWS). */
  endpoint?: string;
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Bound on one call, retries included: a slow or dead upstream fails the call, never hangs it. */
  timeoutMs: number;
  /** SDK attempts per call (standard retry mode: throttling, 5xx and network errors, with backoff). */
  maxAttempts: number;
  metrics: CloudControlMetrics;
  /**
   * How long a read is served again to the same identity without asking Cloud Control (seconds);
   * 0 or absent: only identical reads in flight at the same time are shared.
   */
  cacheTtlSeconds?: number;
  /** false turns off all sharing of reads, so every read is a call: only for the benchmark's naive baseline. */
  shareReads?: boolean;
  /** Pace calls to this rate per region (the account's quota) instead of being throttled; absent: unpaced. */
  pacing?: PacingOptions;
}

export interface ListedResource {
  identifier: string;
  properties: ResourceModel;
}

/** One page of a Cloud Control list, as the service cut it. */
export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export interface RequestFilter {
  operations?: WriteOperation[];
  statuses?: RequestStatusValue[];
}

/**
 * The gateway's only way to Cloud Control: one SDK client per region, created on first use and
 * kept; every call bounded in time, counted in metrics, and its failure translated into an
 * UpstreamError; reads shared across requests (read-cache.ts) and writes never. Nothing above
 * this layer sees the SDK.
 */
export class CloudControl {
  private readonly clients = new Map<string, CloudControlClient>();
  private readonly requestHandler: NodeHttpHandler;
  private readonly reads: ReadCache;
  private readonly pacing: RegionPacing | undefined;
  private readonly staticIdentities = new Map<string, string>();
  /**
   * Writes the service took or may have taken, by region and client token, with what they asked
   * for: an identical retry is recognised (Cloud Control honours a token for 36 hours).
   */
  private readonly sentWrites = new LRUCache<string, string>({ max: 10_000, ttl: 36 * 3600_000 });

  constructor(private readonly options: CloudControlOptions) {
    this.pacing = options.pacing ? new RegionPacing(options.pacing) : undefined;
    const ttlMs = (options.cacheTtlSeconds ?? 0) * 1000;
    this.reads = new ReadCache({
      ttlMs,
      // An expired answer may be served once more while its refresh is in flight, for as long again.
      staleMs: ttlMs,
      share: options.shareReads ?? true,
      onRead: (key, source) => options.metrics.observeRead(key.kind === 'list' ? 'ListResources' : 'GetResource', source, key.typeName),
    });
    // One connection pool for all regions' clients; keep-alive saves a TLS handshake per call.
    this.requestHandler = new NodeHttpHandler({
      connectionTimeout: Math.min(options.timeoutMs, 3000),
      requestTimeout: options.timeoutMs,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    });
  }

  client(region: string): CloudControlClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new CloudControlClient({
        region,
        endpoint: this.options.endpoint,
        credentials: this.options.credentials,
        maxAttempts: this.options.maxAttempts,
        retryMode: 'standard',
        requestHandler: this.requestHandler,
      });
      this.clients.set(region, client);
    }
    return client;
  }

  /** The model, or null when Cloud Control says the resource does not exist. */
  getResource(region: string, typeName: string, identifier: string): Promise<ResourceModel | null> {
    return this.sharedRead(
      { region, typeName, kind: 'resource', id: identifier },
      () => this.readResource(region, typeName, identifier),
      (model) => model !== null,
    );
  }

  /**
   * The model if the read cache holds a fresh one for this identity, at once; otherwise
   * undefined, and the caller reads. A warm request then waits for nothing.
   */
  peekResource(region: string, typeName: string, identifier: string): ResourceModel | undefined {
    const identity = this.staticIdentities.get(region);
    return identity === undefined ? undefined : this.reads.peek({ identity, region, typeName, kind: 'resource', id: identifier });
  }

  listResources(region: string, typeName: string, nextToken: string | undefined): Promise<Page<ListedResource>> {
    return this.sharedRead(
      { region, typeName, kind: 'list', id: nextToken ?? '' },
      () => this.readListPage(region, typeName, nextToken),
      () => true,
    );
  }

  private async readResource(region: string, typeName: string, identifier: string): Promise<ResourceModel | null> {
    try {
      const output = await this.call(
        'GetResource',
        region,
        (client, abortSignal) => client.send(new GetResourceCommand({ TypeName: typeName, Identifier: identifier }), { abortSignal }),
        typeName,
      );
      return JSON.parse(output.ResourceDescription?.Properties ?? '{}') as ResourceModel;
    } catch (error) {
      if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
      throw error;
    }
  }

  private async readListPage(region: string, typeName: string, nextToken: string | undefined): Promise<Page<ListedResource>> {
    const output = await this.call(
      'ListResources',
      region,
      (client, abortSignal) => client.send(new ListResourcesCommand({ TypeName: typeName, NextToken: nextToken }), { abortSignal }),
      typeName,
    );
    return {
      items: (output.ResourceDescriptions ?? []).map((description) => ({
        identifier: description.Identifier ?? '',
        properties: JSON.parse(description.Properties ?? '{}') as ResourceModel,
      })),
      nextToken: output.NextToken || undefined,
    };
  }

  async createResource(region: string, typeName: string, desiredState: ResourceModel, clientToken: string): Promise<ResourceRequestState> {
    return this.write({ region, typeName, identifier: null }, clientToken, 'CreateResource', desiredState, (client, abortSignal) =>
      client.send(new CreateResourceCommand({ TypeName: typeName, DesiredState: JSON.stringify(desiredState), ClientToken: clientToken }), { abortSignal }),
    );
  }

  async updateResource(region: string, typeName: string, identifier: string, patch: PatchOperation[], clientToken: string): Promise<ResourceRequestState> {
    return this.write({ region, typeName, identifier }, clientToken, 'UpdateResource', patch, (client, abortSignal) =>
      client.send(
        new UpdateResourceCommand({ TypeName: typeName, Identifier: identifier, PatchDocument: JSON.stringify(patch), ClientToken: clientToken }),
        { abortSignal },
      ),
    );
  }

  async deleteResource(region: string, typeName: string, identifier: string, clientToken: string): Promise<ResourceRequestState> {
    return this.write({ region, typeName, identifier }, clientToken, 'DeleteResource', null, (client, abortSignal) =>
      client.send(new DeleteResourceCommand({ TypeName: typeName, Identifier: identifier, ClientToken: clientToken }), { abortSignal }),
    );
  }

  /**
   * Whether this gateway sent this very write (same operation, resource and payload) with this
   * client token in this region, and the service took it or may have: a retry of it.
   */
  hasSent(region: string, clientToken: string, operation: WriteCall, identifier: string | null, payload: unknown): boolean {
    return this.sentWrites.get(`${region}\n${clientToken}`) === writeFingerprint(operation, identifier, payload);
  }

  /**
   * The request's state, or null when Cloud Control does not know the token (in this region).
   * Never shared: a status is polled to see it change. A write seen final for the first time
   * drops what it changed from the read cache, as it has only now changed it.
   */
  async getRequestStatus(region: string, requestToken: string): Promise<ResourceRequestState | null> {
    try {
      const output = await this.call('GetResourceRequestStatus', region, (client, abortSignal) =>
        client.send(new GetResourceRequestStatusCommand({ RequestToken: requestToken }), { abortSignal }),
      );
      const state = fromProgressEvent(region, output.ProgressEvent);
      if (isFinal(state)) this.reads.invalidateOnSettle(state.requestToken, region, state.typeName, state.identifier);
      return state;
    } catch (error) {
      if (error instanceof UpstreamError && error.awsErrorName === 'RequestTokenNotFoundException') return null;
      throw error;
    }
  }

  async listRequests(region: string, filter: RequestFilter, nextToken: string | undefined, maxResults: number): Promise<Page<ResourceRequestState>> {
    const output = await this.call('ListResourceRequests', region, (client, abortSignal) =>
      client.send(
        new ListResourceRequestsCommand({
          MaxResults: maxResults,
          NextToken: nextToken,
          ResourceRequestStatusFilter:
            filter.operations?.length || filter.statuses?.length
              ? { Operations: filter.operations, OperationStatuses: filter.statuses }
              : undefined,
        }),
        { abortSignal },
      ),
    );
    const items = (output.ResourceRequestStatusSummaries ?? []).map((event) => fromProgressEvent(region, event));
    for (const state of items) if (isFinal(state)) this.reads.seenFinal(state.requestToken, region, state.typeName, state.identifier);
    return { items, nextToken: output.NextToken || undefined };
  }

  async cancelRequest(region: string, requestToken: string): Promise<ResourceRequestState> {
    const output = await this.call('CancelResourceRequest', region, (client, abortSignal) =>
      client.send(new CancelResourceRequestCommand({ RequestToken: requestToken }), { abortSignal }),
    );
    return fromProgressEvent(region, output.ProgressEvent);
  }

  /**
   * Reads go through the read cache under the identity that signs them. Without credentials there
   * is no identity to share under: the call goes out alone and fails as the SDK makes it fail.
   */
  private async sharedRead<T>(read: Omit<ReadKey, 'identity'>, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const identity = this.staticIdentities.get(read.region) ?? (await this.identity(read.region));
    if (identity === undefined) return load();
    return this.reads.read({ ...read, identity }, load, keep);
  }

  /**
   * The SDK's own resolved (and memoized) credentials, so the identity is the one that signs.
   * Credentials without an expiry never change (the SDK never asks for them again either), so
   * their identity is remembered and a cached read costs no trip through the provider chain.
   */
  private async identity(region: string): Promise<string | undefined> {
    try {
      const credentials = await this.client(region).config.credentials();
      const identity = this.reads.identityOf(credentials.accessKeyId);
      if (!credentials.expiration) this.staticIdentities.set(region, identity);
      return identity;
    } catch {
      return undefined;
    }
  }

  /**
   * A write is never shared or cached. Whatever it targets is dropped from the read cache once
   * the service has taken it, or may have (its answer was lost), and is not cached again until
   * the write is seen to finish.
   */
  private async write(
    target: { region: string; typeName: string; identifier: string | null },
    clientToken: string,
    operation: WriteCall,
    payload: unknown,
    send: (client: CloudControlClient, signal: AbortSignal) => Promise<{ ProgressEvent?: ProgressEvent }>,
  ): Promise<ResourceRequestState> {
    const sent = () => this.sentWrites.set(`${target.region}\n${clientToken}`, writeFingerprint(operation, target.identifier, payload));
    try {
      const state = fromProgressEvent(target.region, (await this.call(operation, target.region, send, target.typeName)).ProgressEvent);
      sent();
      this.reads.writeSent({ ...target, identifier: state.identifier ?? target.identifier }, state.requestToken, isFinal(state));
      return state;
    } catch (error) {
      // A refusal changed nothing; a lost answer may hide a write the service is running.
      if (mayHaveBeenApplied(error)) {
        sent();
        this.reads.writeSent(target, undefined, false);
      }
      throw error;
    }
  }

  /** One SDK call, bounded and counted; `typeName`, when the call is about a resource type, names the permissions a denial lacks. */
  private async call<T>(
    operation: string,
    region: string,
    send: (client: CloudControlClient, signal: AbortSignal) => Promise<T>,
    typeName?: string,
  ): Promise<T> {
    // The wait for a turn is not part of the call, but it is bounded too: an overloaded pace
    // fails the call as throttled, at once, rather than let requests queue without end.
    if (this.pacing) await this.turn(operation, region);
    const started = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    try {
      const result = await send(this.client(region), controller.signal);
      this.options.metrics.observe(operation, region, 'success', (performance.now() - started) / 1000);
      return result;
    } catch (error) {
      const translated = translateError(error, operation, region, timedOut, this.options.timeoutMs, typeName);
      this.options.metrics.observe(operation, region, outcomeLabel(translated), (performance.now() - started) / 1000);
      throw translated;
    } finally {
      clearTimeout(timer);
    }
  }

  private async turn(operation: string, region: string): Promise<void> {
    const turn = await this.pacing!.take(region, this.options.timeoutMs);
    if (turn.taken) return;
    this.options.metrics.observe(operation, region, 'throttled', 0);
    throw new UpstreamError(
      'THROTTLED',
      `Cloud Control ${operation} in ${region} has no turn within ${this.options.timeoutMs} ms at CLOUDCONTROL_RATE_PER_SECOND (the next is ${turn.waitMs} ms away); try again shortly.`,
      'GatewayPacing',
      undefined,
    );
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.requestHandler.destroy();
  }
}

function outcomeLabel(error: UpstreamError): string {
  if (error.awsErrorName === 'ResourceNotFoundException' || error.awsErrorName === 'RequestTokenNotFoundException') return 'not_found';
  return error.code.toLowerCase();
}

type WriteCall = 'CreateResource' | 'UpdateResource' | 'DeleteResource';

const writeFingerprint = (operation: WriteCall, identifier: string | null, payload: unknown) =>
  createHash('sha256').update(JSON.stringify([operation, identifier, payload])).digest('base64');

/**
 * Whether the service may have applied a write that failed. No answer in time, a cut connection
 * or a server error may each hide a write that was taken, and so may throttling after retries (an
 * earlier attempt's answer may have been lost) and a failure the gateway cannot explain. The
 * gateway's own pacing sent nothing, and a refusal from the service (a 4xx answer: denied, bad
 * credentials, invalid, not found) applied nothing.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return true;
  if (error.awsErrorName === 'GatewayPacing') return false;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'THROTTLED' || error.code === 'INTERNAL_SERVER_ERROR';
}
