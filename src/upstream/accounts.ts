import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { doesIdentityRequireRefresh, isIdentityExpired, memoizeIdentityProvider } from '@smithy/core';
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { GatewayError } from '../errors';
import type { UpstreamCalls } from './calls';
import { UpstreamError } from './errors';

export interface AccountsOptions {
  /** The gateway's own credentials: the SDK's chain, or the emulator's static keys. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** ACCOUNT_ROLE_ARN: a role ARN with `{accountId}`; absent, only the gateway's own account is read. */
  roleArnTemplate?: string;
  /** ACCOUNT_IDS: the other accounts that may be read through the role; empty means any. */
  allowedAccounts: readonly string[];
  /** A fixed STS endpoint (the emulator); absent, the SDK resolves it (AWS_ENDPOINT_URL_STS or AWS). */
  stsEndpoint?: string;
  /** The region STS calls are made in: the gateway's default. */
  region: string;
  maxAttempts: number;
  requestHandler: NodeHttpHandler;
  calls: UpstreamCalls;
}

/** How long a role that could not be assumed is not asked again: a short negative cache. */
export const ROLE_FAILURE_MS = 60_000;
/** Accounts whose role providers are kept (least recently used dropped first): bounded whatever callers send. */
const ROLES_KEPT = 256;
const SESSION_NAME = 'image-pipeline-gateway';
/** When the own account is unknown yet: the label and scope of calls made with the gateway's own credentials. */
export const OWN = 'self';

/**
 * The accounts the gateway reads, and as whom. Its own account (learned with STS
 * GetCallerIdentity) is read with its own credentials; another account through the role
 * ACCOUNT_ROLE_ARN names for it, assumed lazily on first use, refreshed before it expires (the
 * SDK's provider, memoized once per account, so each role is assumed once for every client that
 * uses it). Without the setting, or for an account outside ACCOUNT_IDS, another account is
 * refused before any call. Credentials are never logged.
 */
export class Accounts {
  private readonly ownProvider: AwsCredentialIdentityProvider;
  private readonly sts: STSClient;
  private own: Promise<string> | undefined;
  private ownKnown: string | undefined;
  private readonly roles = new LRUCache<string, AwsCredentialIdentityProvider>({ max: ROLES_KEPT });
  private readonly failures = new LRUCache<string, UpstreamError>({ max: ROLES_KEPT, ttl: ROLE_FAILURE_MS });
  private readonly identities = new LRUCache<string, string>({ max: 64 });
  private staticIdentity: string | undefined;

  constructor(private readonly options: AccountsOptions) {
    this.ownProvider = memoizeIdentityProvider(options.credentials, isIdentityExpired, doesIdentityRequireRefresh)!;
    this.sts = new STSClient({
      region: options.region,
      endpoint: options.stsEndpoint,
      credentials: this.ownProvider,
      maxAttempts: options.maxAttempts,
      requestHandler: options.requestHandler,
    });
  }

  /** The gateway's own account, from STS GetCallerIdentity: asked once, asked again only after a failure. */
  ownAccountId(): Promise<string> {
    this.own ??= this.options.calls
      .call('sts', 'GetCallerIdentity', { accountId: OWN, region: this.options.region }, (abortSignal) =>
        this.sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
      )
      .then((identity) => {
        if (!identity.Account) throw new GatewayError('UPSTREAM_CREDENTIALS', 'STS GetCallerIdentity named no account for the gateway\'s credentials.');
        this.ownKnown = identity.Account;
        return identity.Account;
      })
      .catch((error: unknown) => {
        this.own = undefined;
        throw error;
      });
    return this.own;
  }

  /** The own account if already learned, without waiting. */
  get ownAccountIdNow(): string | undefined {
    return this.ownKnown;
  }

  /** Whether an account may be acted in, by configuration, once the own account is known: a reason to refuse it, or undefined. */
  private refusal(accountId: string): GatewayError | undefined {
    if (accountId === this.ownKnown || accountId === OWN) return undefined;
    if (!this.options.roleArnTemplate) {
      return new GatewayError(
        'FORBIDDEN',
        `The ARN names account ${accountId}, not this gateway's own (${this.ownKnown ?? 'unknown yet'}): set ACCOUNT_ROLE_ARN to a role the gateway may assume in other accounts, such as arn:aws:iam::{accountId}:role/ImageBuilderGateway.`,
        { accountId, setting: 'ACCOUNT_ROLE_ARN' },
      );
    }
    if (this.options.allowedAccounts.length > 0 && !this.options.allowedAccounts.includes(accountId)) {
      return new GatewayError('FORBIDDEN', `Account ${accountId} is not in ACCOUNT_IDS, the accounts this gateway may read (${this.options.allowedAccounts.join(', ')}).`, {
        accountId,
        setting: 'ACCOUNT_IDS',
      });
    }
    return undefined;
  }

  /**
   * The credentials to act in an account with: the gateway's own, or the role's for another
   * account. Throws FORBIDDEN, before any call, for an account configuration does not open. The
   * own account must be known to tell, so the first use learns it.
   */
  async credentialsFor(accountId: string): Promise<AwsCredentialIdentityProvider> {
    if (this.ownKnown === undefined && accountId !== OWN) await this.ownAccountId();
    const refused = this.refusal(accountId);
    if (refused) throw refused;
    if (accountId === this.ownKnown || accountId === OWN) return this.ownProvider;
    let provider = this.roles.get(accountId);
    if (!provider) this.roles.set(accountId, (provider = this.roleProvider(accountId)));
    return provider;
  }

  roleArnOf(accountId: string): string {
    return this.options.roleArnTemplate!.replaceAll('{accountId}', accountId);
  }

  private roleProvider(accountId: string): AwsCredentialIdentityProvider {
    const roleArn = this.roleArnOf(accountId);
    const assume = fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: SESSION_NAME },
      masterCredentials: this.ownProvider,
      clientConfig: { region: this.options.region, endpoint: this.options.stsEndpoint, maxAttempts: this.options.maxAttempts, requestHandler: this.options.requestHandler },
    });
    const bounded: AwsCredentialIdentityProvider = async () => {
      const failed = this.failures.get(accountId);
      if (failed) throw failed;
      try {
        return await this.options.calls.call('sts', 'AssumeRole', { accountId, region: this.options.region }, () => assume());
      } catch (error) {
        const translated = roleFailure(error, roleArn, accountId);
        this.failures.set(accountId, translated);
        throw translated;
      }
    };
    return memoizeIdentityProvider(bounded, isIdentityExpired, doesIdentityRequireRefresh)!;
  }

  /**
   * Whose reads a cached answer belongs to: the gateway's own identity (a hash of the access key
   * id that signs, never the key) and the account it acts in. Nothing read as one is served to another.
   */
  async scopeOf(accountId: string): Promise<string> {
    return `${this.staticIdentity ?? (await this.ownIdentity())}:${accountId}`;
  }

  /** The scope at once when the own credentials never change (static keys), for warm reads that wait for nothing. */
  scopeNow(accountId: string): string | undefined {
    return this.staticIdentity === undefined ? undefined : `${this.staticIdentity}:${accountId}`;
  }

  private async ownIdentity(): Promise<string> {
    const credentials = await this.ownProvider();
    let identity = this.identities.get(credentials.accessKeyId);
    if (identity === undefined) {
      identity = createHash('sha256').update(credentials.accessKeyId).digest('hex').slice(0, 16);
      this.identities.set(credentials.accessKeyId, identity);
    }
    // Credentials without an expiry never change (the SDK never asks for them again either).
    if (!credentials.expiration) this.staticIdentity = identity;
    return identity;
  }

  /** The account as a metrics label: only the own account and ACCOUNT_IDS are named, so the series stay bounded. */
  label(accountId: string): string {
    if (accountId === OWN || accountId === this.ownKnown) return this.ownKnown ?? OWN;
    return this.options.allowedAccounts.includes(accountId) ? accountId : 'other';
  }

  destroy(): void {
    this.sts.destroy();
  }
}

function roleFailure(error: unknown, roleArn: string, accountId: string): UpstreamError {
  const reason = error instanceof UpstreamError ? error : undefined;
  return new UpstreamError(
    reason?.code === 'UPSTREAM_UNAVAILABLE' || reason?.code === 'THROTTLED' ? reason.code : 'FORBIDDEN',
    `The gateway could not assume ${roleArn} to read account ${accountId}: ${reason?.message ?? (error as Error)?.message ?? 'unknown error'} ` +
      `It is not asked again for ${ROLE_FAILURE_MS / 1000} s. The role must exist and trust the gateway's identity (README: Several accounts).`,
    reason?.awsErrorName ?? 'AssumeRoleFailed',
    undefined,
    { accountId, roleArn },
  );
}
