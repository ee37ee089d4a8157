import type { GatewayContext } from '../context';
import { badInput } from '../errors';
import type { Where } from '../upstream/where';
import { resolveRegion } from './regions';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * The account a call acts in when no ARN names one: the one a caller asked for (checked, and
 * refused before any call when configuration does not open it), or the gateway's own.
 */
export async function accountFor(context: GatewayContext, accountId: string | null | undefined): Promise<string> {
  if (accountId === null || accountId === undefined) return context.accounts.ownAccountId();
  if (!ACCOUNT_ID.test(accountId)) throw badInput(`accountId "${accountId.slice(0, 100)}" is not a 12-digit AWS account id.`, { argument: 'accountId' });
  await context.accounts.credentialsFor(accountId);
  return accountId;
}

/** Where a call with no ARN goes: the region asked for (or the default) in the account asked for (or the own). */
export async function whereFor(context: GatewayContext, region: string | null | undefined, accountId: string | null | undefined): Promise<Where> {
  const resolved = resolveRegion(context, region);
  return { accountId: await accountFor(context, accountId), region: resolved };
}
