import { randomBytes } from 'node:crypto';

/** Temporary credentials STS issued, and whose they are. */
export interface Session {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** The account the credentials act in: the role's. */
  account: string;
  roleArn: string;
  roleSessionName: string;
  /** `AROA…:session-name`, the assumed role's user id. */
  assumedRoleId: string;
  /** `arn:aws:sts::210987654321:assumed-role/Name/session-name`. */
  arn: string;
  expiresAt: number;
}

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyPart(length: number): string {
  return [...randomBytes(length)].map((byte) => UPPER_ALPHANUMERIC[byte % UPPER_ALPHANUMERIC.length]).join('');
}

/**
 * The credentials AssumeRole has issued, by access key id: what tells a call signed with them
 * apart from one signed with a static key (accounts.ts). They outlive a reset, as credentials
 * handed out by AWS outlive any change to the account's resources, and end at their expiration.
 */
export class Sessions {
  private readonly byKey = new Map<string, Session>();

  /** New credentials: an `ASIA` access key id as AWS gives temporary keys, a secret and a session token. */
  issue(session: Omit<Session, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>): Session {
    const issued: Session = {
      ...session,
      accessKeyId: `ASIA${randomKeyPart(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
    };
    this.byKey.set(issued.accessKeyId, issued);
    return issued;
  }

  get(accessKeyId: string): Session | undefined {
    return this.byKey.get(accessKeyId);
  }

  all(): Session[] {
    return [...this.byKey.values()];
  }
}
