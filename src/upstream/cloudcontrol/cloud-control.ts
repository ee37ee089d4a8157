import { createHash } from 'node:crypto';
import {
  CancelResourceRequestCommand,
  type CloudControlClient,
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  ListResourceRequestsCommand,
  ListResourcesCommand,
  type ProgressEvent,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { LRUCache } from 'lru-cache';
import type { PatchOperation } from '../../resources/patch';
import type { ResourceModel } from '../../resources/registry-schema';
import type { Accounts } from '../accounts';
import type { UpstreamCalls } from '../calls';
import type { ServiceClients } from '../clients';
import { mayHaveBeenApplied, UpstreamError } from '../errors';
import type { ReadCache, ReadKey } from '../read-cache';
import type { Where } from '../where';
import { fromProgressEvent, isFinal, type RequestStatusValue, type ResourceRequestState, type WriteOperation } from './progress';

export interface ListedResource {
  identifier: string;
  properties: ResourceModel;
}

/** One page of a list, as the service cut it. */
export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

export interface RequestFilter {
  operations?: WriteOperation[];
  statuses?: RequestStatusValue[];
}

export interface CloudControlDependencies {
  calls: UpstreamCalls;
  clients: ServiceClients<CloudControlClient>;
  accounts: Accounts;
  reads: ReadCache;
}

type WriteCall = 'CreateResource' | 'UpdateResource' | 'DeleteResource';

/**
 * Cloud Control, in the gateway's terms: resources read and listed (shared across requests
 * through the read cache, under the account they are read as), written (never shared), and the
 * write requests that follow. Every call is made as the account `where` names, in its region.
 * Nothing above the upstream layer sees the SDK.
 */
export class CloudControl {
  /**
   * Writes the service took or may have taken, by account, region and client token, with what
   * they asked for: an identical retry is recognised (Cloud Control honours a token for 36 hours).
   */
  private readonly sentWrites = new LRUCache<string, string>({ max: 10_000, ttl: 36 * 3600_000 });
  private readonly requestObservers = new Set<(state: ResourceRequestState) => void>();

  constructor(private readonly deps: CloudControlDependencies) {}

  /** The model, or null when Cloud Control says the resource does not exist. */
  getResource(where: Where, typeName: string, identifier: string): Promise<ResourceModel | null> {
    return this.sharedRead(
      where,
      { typeName, kind: 'resource', subject: identifier, page: '' },
      () => this.readResource(where, typeName, identifier),
      (model) => model !== null,
    );
  }

  /**
   * The model if the read cache holds a fresh one for this account, at once; otherwise undefined,
   * and the caller reads. A warm request then waits for nothing.
   */
  peekResource(where: Where, typeName: string, identifier: string): ResourceModel | undefined {
    const scope = this.deps.accounts.scopeNow(where.accountId);
    return scope === undefined ? undefined : this.deps.reads.peek({ scope, region: where.region, typeName, kind: 'resource', subject: identifier, page: '' });
  }

  listResources(where: Where, typeName: string, nextToken: string | undefined): Promise<Page<ListedResource>> {
    return this.sharedRead(
      where,
      { typeName, kind: 'list', subject: null, page: nextToken ?? '' },
      () => this.readListPage(where, typeName, nextToken),
      () => true,
    );
  }

  private async readResource(where: Where, typeName: string, identifier: string): Promise<ResourceModel | null> {
    try {
      const output = await this.call(
        'GetResource',
        where,
        (client, abortSignal) => client.send(new GetResourceCommand({ TypeName: typeName, Identifier: identifier }), { abortSignal }),
        typeName,
      );
      return JSON.parse(output.ResourceDescription?.Properties ?? '{}') as ResourceModel;
    } catch (error) {
      if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
      throw error;
    }
  }

  private async readListPage(where: Where, typeName: string, nextToken: string | undefined): Promise<Page<ListedResource>> {
    const output = await this.call(
      'ListResources',
      where,
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

  async createResource(where: Where, typeName: string, desiredState: ResourceModel, clientToken: string): Promise<ResourceRequestState> {
    return this.write(where, { typeName, identifier: null }, clientToken, 'CreateResource', desiredState, (client, abortSignal) =>
      client.send(new CreateResourceCommand({ TypeName: typeName, DesiredState: JSON.stringify(desiredState), ClientToken: clientToken }), { abortSignal }),
    );
  }

  async updateResource(where: Where, typeName: string, identifier: string, patch: PatchOperation[], clientToken: string): Promise<ResourceRequestState> {
    return this.write(where, { typeName, identifier }, clientToken, 'UpdateResource', patch, (client, abortSignal) =>
      client.send(
        new UpdateResourceCommand({ TypeName: typeName, Identifier: identifier, PatchDocument: JSON.stringify(patch), ClientToken: clientToken }),
        { abortSignal },
      ),
    );
  }

  async deleteResource(where: Where, typeName: string, identifier: string, clientToken: string): Promise<ResourceRequestState> {
    return this.write(where, { typeName, identifier }, clientToken, 'DeleteResource', null, (client, abortSignal) =>
      client.send(new DeleteResourceCommand({ TypeName: typeName, Identifier: identifier, ClientToken: clientToken }), { abortSignal }),
    );
  }

  /**
   * Whether this gateway sent this very write (same operation, resource and payload) with this
   * client token in this account and region, and the service took it or may have: a retry of it.
   */
  hasSent(where: Where, clientToken: string, operation: WriteCall, identifier: string | null, payload: unknown): boolean {
    return this.sentWrites.get(sentKey(where, clientToken)) === writeFingerprint(operation, identifier, payload);
  }

  /**
   * Told each request state read from Cloud Control, whoever read it (a subscription's poll, a
   * write's wait, a query): with replicas, subscribers elsewhere hear of it (src/subscriptions).
   */
  observeRequests(observer: (state: ResourceRequestState) => void): void {
    this.requestObservers.add(observer);
  }

  /**
   * The request's state, or null when Cloud Control does not know the token (in this account and
   * region). Never shared: a status is polled to see it change. A write seen final for the first
   * time drops what it changed from the read cache, as it has only now changed it.
   */
  async getRequestStatus(where: Where, requestToken: string): Promise<ResourceRequestState | null> {
    try {
      const output = await this.call('GetResourceRequestStatus', where, (client, abortSignal) =>
        client.send(new GetResourceRequestStatusCommand({ RequestToken: requestToken }), { abortSignal }),
      );
      const state = fromProgressEvent(where, output.ProgressEvent);
      // Every replica has dropped what the write changed before anyone hears it finished.
      if (isFinal(state)) await this.deps.reads.invalidateOnSettle(state.requestToken, where.region, state.typeName, state.identifier);
      for (const observer of this.requestObservers) observer(state);
      return state;
    } catch (error) {
      if (error instanceof UpstreamError && error.awsErrorName === 'RequestTokenNotFoundException') return null;
      throw error;
    }
  }

  async listRequests(where: Where, filter: RequestFilter, nextToken: string | undefined, maxResults: number): Promise<Page<ResourceRequestState>> {
    const output = await this.call('ListResourceRequests', where, (client, abortSignal) =>
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
    const items = (output.ResourceRequestStatusSummaries ?? []).map((event) => fromProgressEvent(where, event));
    await Promise.all(items.filter(isFinal).map((state) => this.deps.reads.seenFinal(state.requestToken, where.region, state.typeName, state.identifier)));
    return { items, nextToken: output.NextToken || undefined };
  }

  async cancelRequest(where: Where, requestToken: string): Promise<ResourceRequestState> {
    const output = await this.call('CancelResourceRequest', where, (client, abortSignal) =>
      client.send(new CancelResourceRequestCommand({ RequestToken: requestToken }), { abortSignal }),
    );
    return fromProgressEvent(where, output.ProgressEvent);
  }

  /** Reads go through the read cache under the identity that signs them and the account they act in. */
  private async sharedRead<T>(where: Where, read: Omit<ReadKey, 'scope' | 'region'>, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    // An account configuration does not open is refused before anything else, cache included.
    await this.deps.accounts.credentialsFor(where.accountId);
    let scope: string;
    try {
      scope = this.deps.accounts.scopeNow(where.accountId) ?? (await this.deps.accounts.scopeOf(where.accountId));
    } catch {
      // Without credentials there is no identity to share under: the call goes out alone and fails as the SDK makes it fail.
      return load();
    }
    return this.deps.reads.read({ ...read, scope, region: where.region }, load, keep);
  }

  /**
   * A write is never shared or cached. Whatever it targets is dropped from the read cache once
   * the service has taken it, or may have (its answer was lost), and is not cached again until
   * the write is seen to finish.
   */
  private async write(
    where: Where,
    target: { typeName: string; identifier: string | null },
    clientToken: string,
    operation: WriteCall,
    payload: unknown,
    send: (client: CloudControlClient, signal: AbortSignal) => Promise<{ ProgressEvent?: ProgressEvent }>,
  ): Promise<ResourceRequestState> {
    const sent = () => this.sentWrites.set(sentKey(where, clientToken), writeFingerprint(operation, target.identifier, payload));
    const written = { region: where.region, ...target };
    try {
      const state = fromProgressEvent(where, (await this.call(operation, where, send, target.typeName)).ProgressEvent);
      sent();
      // Answered once every replica has dropped what it targets.
      await this.deps.reads.writeSent({ ...written, identifier: state.identifier ?? target.identifier }, state.requestToken, isFinal(state));
      return state;
    } catch (error) {
      // A refusal changed nothing; a lost answer may hide a write the service is running.
      if (mayHaveBeenApplied(error)) {
        sent();
        await this.deps.reads.writeSent(written, undefined, false);
      }
      throw error;
    }
  }

  private call<T>(operation: string, where: Where, send: (client: CloudControlClient, signal: AbortSignal) => Promise<T>, typeName?: string): Promise<T> {
    return this.deps.calls.call('cloudcontrol', operation, where, async (signal) => send(await this.deps.clients.get(where), signal), typeName);
  }
}

const sentKey = (where: Where, clientToken: string) => `${where.accountId}\n${where.region}\n${clientToken}`;

const writeFingerprint = (operation: WriteCall, identifier: string | null, payload: unknown) =>
  createHash('sha256').update(JSON.stringify([operation, identifier, payload])).digest('base64');
