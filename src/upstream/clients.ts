import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { LRUCache } from 'lru-cache';
import type { Accounts } from './accounts';
import type { Where } from './where';

/** Clients kept per service (least recently used dropped first). */
const CLIENTS_KEPT = 512;

/**
 * One SDK client per account and region, for one service, made on first use: its region is the
 * one it signs for, its credentials the account's (Accounts refuses an account configuration does
 * not open, before any client exists). Bounded, so no run of made-up accounts or regions grows it.
 */
export class ServiceClients<C extends object> {
  // A dropped client is not destroyed: destroying an SDK client destroys its request handler, which
  // every client shares (upstream.ts); it holds no connection of its own, so dropping it is enough.
  private readonly clients = new LRUCache<string, C>({ max: CLIENTS_KEPT });

  constructor(
    private readonly accounts: Accounts,
    private readonly create: (region: string, credentials: AwsCredentialIdentityProvider) => C,
  ) {}

  async get(where: Where): Promise<C> {
    const name = `${where.accountId}/${where.region}`;
    let client = this.clients.get(name);
    if (!client) this.clients.set(name, (client = this.create(where.region, await this.accounts.credentialsFor(where.accountId))));
    return client;
  }

  clear(): void {
    this.clients.clear();
  }
}
