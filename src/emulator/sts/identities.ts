import { createHash } from 'node:crypto';
import type { Caller } from '../accounts';
import { partitionOf } from '../resources/arns';

/**
 * The IAM identities behind the emulator's keys. A static key is the account's IAM user
 * `emulator`; a key AssumeRole issued is its role session. Ids are derived from the names, so
 * they stay the same from one run to the next, in the shapes IAM gives them (`AIDA…` for users,
 * `AROA…` for roles).
 */
export const STATIC_KEY_USER = 'emulator';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function uniqueId(prefix: string, name: string): string {
  const digest = createHash('sha256').update(name).digest();
  return prefix + [...digest.subarray(0, 17)].map((byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** An IAM role's ARN: partition, account, an optional path, and the name IAM allows. */
export const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]+)$/;

/** `arn:aws:iam::210987654321:role/path/Name` → its account and name (the last part of its path); undefined for any other ARN. */
export function parseRoleArn(arn: string): { partition: string; account: string; name: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { partition: match[1]!, account: match[2]!, name: match[3]! } : undefined;
}

/** A role's id, the first part of its sessions' AssumedRoleId. */
export const roleIdOf = (roleArn: string) => uniqueId('AROA', roleArn);

/** The caller's ARN and user id, as GetCallerIdentity reports them. */
export function identityOf(caller: Caller, region: string): { arn: string; userId: string } {
  if (caller.session) return { arn: caller.session.arn, userId: caller.session.assumedRoleId };
  return {
    arn: `arn:${partitionOf(region)}:iam::${caller.account}:user/${STATIC_KEY_USER}`,
    userId: uniqueId('AIDA', `${caller.account}/${STATIC_KEY_USER}`),
  };
}
