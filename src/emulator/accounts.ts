import type { EmulatorSettings } from './emulator-state';
import type { Session, Sessions } from './sts/sessions';

/** Who signed a call: the access key, the account it acts in, and the STS session it belongs to, if any. */
export interface Caller {
  accessKeyId: string;
  account: string;
  session?: Session;
}

/** Credentials refused before any operation runs; each service answers it in its own words (CommonErrors). */
export class CredentialProblem extends Error {
  constructor(readonly kind: 'expired' | 'unrecognized') {
    super(kind === 'expired' ? 'The security token included in the request is expired' : 'The security token included in the request is invalid');
  }
}

export interface KeyOwners {
  settings: Pick<EmulatorSettings, 'accountId'>;
  sessions: Sessions;
  now: () => number;
}

/**
 * The account a call acts in, from the access key that signed it: the one place that knows whose
 * a key is. Keys AssumeRole issued belong to the role's account, as long as they are presented
 * with their session token and have not expired; any other key is a static key of the emulator's
 * own account (`settings.accountId`), whatever it is, so any client works without setup. A
 * session token the emulator never issued is refused, as AWS refuses a forged one.
 */
export function callerOf(accessKeyId: string, sessionToken: string | undefined, owners: KeyOwners): Caller {
  const session = owners.sessions.get(accessKeyId);
  if (session) {
    if (sessionToken !== session.sessionToken) throw new CredentialProblem('unrecognized');
    if (owners.now() >= session.expiresAt) throw new CredentialProblem('expired');
    return { accessKeyId, account: session.account, session };
  }
  if (sessionToken !== undefined) throw new CredentialProblem('unrecognized');
  return { accessKeyId, account: owners.settings.accountId };
}
