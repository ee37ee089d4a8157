import { violationMessage, violations } from '../botocore-model';
import type { OperationContext } from '../operation-context';
import { StsError, STS_MODEL } from './errors';
import { identityOf, parseRoleArn, roleIdOf } from './identities';
import type { QueryResult } from './wire';

type Input = Record<string, unknown>;

/** IAM's defaults (the model's DurationSeconds documentation): a session lasts an hour unless asked otherwise, and a role's sessions at most an hour unless it allows more. */
const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_MAX_SESSION_DURATION = 3600;
/** "Role chaining limits your … role session to a maximum of one hour." */
const CHAINED_MAX_DURATION = 3600;

/** The operation's input checked against its input shape: the first violation is a ValidationError, in AWS's words. */
function checkInput(action: string, input: Input): void {
  const found = violations(STS_MODEL, STS_MODEL.operations[action]!.input!.shape, input);
  if (found.length > 0) throw new StsError('ValidationError', violationMessage(found));
}

export function getCallerIdentity(_input: Input, { caller, place }: OperationContext): QueryResult {
  const { arn, userId } = identityOf(caller, place.region);
  return { action: 'GetCallerIdentity', result: { UserId: userId, Account: caller.account, Arn: arn } };
}

/**
 * Temporary credentials for a role of settings.roles, acting in the role's account. A role that
 * is not there, or not assumable, is AccessDenied, as AWS answers both (it does not tell a caller
 * whether a role it may not assume exists).
 */
export function assumeRole(input: Input, { caller, place, settings, sessions, now }: OperationContext): QueryResult {
  checkInput('AssumeRole', input);
  const roleArn = input.RoleArn as string;
  const sessionName = input.RoleSessionName as string;
  const role = settings.roles.find((candidate) => candidate.arn === roleArn);
  const parsed = parseRoleArn(roleArn);
  if (!role || role.assumable === false || !parsed) {
    throw new StsError('AccessDenied', `User: ${identityOf(caller, place.region).arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  const duration = (input.DurationSeconds as number | undefined) ?? DEFAULT_DURATION_SECONDS;
  if (caller.session && duration > CHAINED_MAX_DURATION) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  }
  if (duration > (role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION)) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const assumedRoleId = `${roleIdOf(roleArn)}:${sessionName}`;
  const session = sessions.issue({
    account: parsed.account,
    roleArn,
    roleSessionName: sessionName,
    assumedRoleId,
    arn: `arn:${parsed.partition}:sts::${parsed.account}:assumed-role/${parsed.name}/${sessionName}`,
    expiresAt: now() + duration * 1000,
  });
  return {
    action: 'AssumeRole',
    result: {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: new Date(session.expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: assumedRoleId, Arn: session.arn },
      ...(input.SourceIdentity === undefined ? {} : { SourceIdentity: input.SourceIdentity }),
    },
  };
}
