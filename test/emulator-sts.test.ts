import { CloudControlClient, type CloudControlClientConfig, GetResourceCommand, ListResourcesCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudcontrol';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { PIPELINE_TYPE as TypeName } from './support/emulator';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

/**
 * STS on the emulator's port: who a key belongs to (GetCallerIdentity), and keys for a role in
 * another account (AssumeRole) with which every call acts in that account.
 */
const ROLE = 'arn:aws:iam::210987654321:role/ImageBuilderGateway';
const SECOND_ACCOUNT = '210987654321';
const PAYMENTS = [
  'arn:aws:imagebuilder:us-east-1:210987654321:image-pipeline/payments-api-golden',
  'arn:aws:imagebuilder:us-east-1:210987654321:image-pipeline/payments-batch-golden',
];
const START = Date.UTC(2026, 10, 24, 12, 0, 0);

describe('the emulator speaks STS', () => {
  let emulator: Emulator;
  let clock = START;
  const clients: { destroy(): void }[] = [];
  const stsAs = (credentials: AwsCredentialIdentity = TEST_CREDENTIALS) => {
    const client = new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const cloudControlAs = (credentials: CloudControlClientConfig['credentials']) => {
    const client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const assume = async (input: Partial<ConstructorParameters<typeof AssumeRoleCommand>[0]> = {}, as?: AwsCredentialIdentity) =>
    stsAs(as).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'gateway', ...input }));
  const keysOf = ({ Credentials }: Awaited<ReturnType<typeof assume>>): AwsCredentialIdentity => ({
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  });
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => 'succeeded',
      (error: { name: string; message: string; $metadata: { httpStatusCode?: number }; Type?: string }) => ({
        name: error.name,
        status: error.$metadata.httpStatusCode,
        message: error.message,
        type: error.Type,
      }),
    );

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await emulator.close();
  });
  beforeEach(() => {
    clock = START;
    emulator.reset();
  });

  describe('GetCallerIdentity', () => {
    it("answers with the emulator's own account for any static key, as its IAM user", async () => {
      const identity = await stsAs({ accessKeyId: 'AKIAANYTHINGATALL', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/emulator', UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/) });
      emulator.configure({ accountId: '111122223333' });
      expect((await stsAs().send(new GetCallerIdentityCommand({}))).Account).toBe('111122223333');
    });

    it('answers with the role session for keys AssumeRole issued', async () => {
      const assumed = await assume({ RoleSessionName: 'dashboards' });
      const identity = await stsAs(keysOf(assumed)).send(new GetCallerIdentityCommand({}));
      expect(identity).toMatchObject({
        Account: SECOND_ACCOUNT,
        Arn: 'arn:aws:sts::210987654321:assumed-role/ImageBuilderGateway/dashboards',
        UserId: assumed.AssumedRoleUser!.AssumedRoleId,
      });
      expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:dashboards$/);
    });
  });

  describe('AssumeRole', () => {
    it("issues temporary keys in the role's account, lasting DurationSeconds (an hour unless asked)", async () => {
      const assumed = await assume();
      expect(assumed.Credentials).toEqual({
        AccessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
        SecretAccessKey: expect.any(String),
        SessionToken: expect.any(String),
        Expiration: new Date(START + 3600_000),
      });
      expect(assumed.AssumedRoleUser).toEqual({
        AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:gateway$/),
        Arn: 'arn:aws:sts::210987654321:assumed-role/ImageBuilderGateway/gateway',
      });
      expect((await assume({ DurationSeconds: 900 })).Credentials!.Expiration).toEqual(new Date(START + 900_000));
      expect(emulator.sessions.get(assumed.Credentials!.AccessKeyId!)).toMatchObject({ account: SECOND_ACCOUNT, roleArn: ROLE });
    });

    it('gives keys that read the second account through Cloud Control, and not the first, each call recorded as that account', async () => {
      const cloudControl = cloudControlAs(keysOf(await assume()));
      const listed = await cloudControl.send(new ListResourcesCommand({ TypeName }));
      expect(listed.ResourceDescriptions!.map((description) => description.Identifier)).toEqual(PAYMENTS);
      await expect(cloudControl.send(new GetResourceCommand({ TypeName, Identifier: DEMO.golden }))).rejects.toBeInstanceOf(ResourceNotFoundException);
      // The same pipelines are not the own account's.
      await expect(cloudControlAs(TEST_CREDENTIALS).send(new GetResourceCommand({ TypeName, Identifier: PAYMENTS[0]! }))).rejects.toBeInstanceOf(
        ResourceNotFoundException,
      );
      const [assumeCall, ...calls] = emulator.calls.calls();
      expect(assumeCall).toMatchObject({ service: 'sts', operation: 'AssumeRole', account: '123456789012', accessKeyId: TEST_CREDENTIALS.accessKeyId, identifier: ROLE });
      expect(calls.map((call) => [call.service, call.operation, call.account, call.accessKeyId.slice(0, 4), call.outcome])).toEqual([
        ['cloudcontrolapi', 'ListResources', SECOND_ACCOUNT, 'ASIA', 'ok'],
        ['cloudcontrolapi', 'GetResource', SECOND_ACCOUNT, 'ASIA', 'ResourceNotFoundException'],
        ['cloudcontrolapi', 'GetResource', '123456789012', 'TEST', 'ResourceNotFoundException'],
      ]);
      const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { calls: { account: string; accessKeyId: string; service: string }[] };
      expect(stats.calls.map((call) => [call.service, call.account, call.accessKeyId.slice(0, 4)])).toEqual([
        ['sts', '123456789012', 'TEST'],
        ['cloudcontrolapi', SECOND_ACCOUNT, 'ASIA'],
        ['cloudcontrolapi', SECOND_ACCOUNT, 'ASIA'],
        ['cloudcontrolapi', '123456789012', 'TEST'],
      ]);
    });

    it('works with the SDK credential provider fromTemporaryCredentials, which assumes the role once for many calls', async () => {
      // The provider reuses keys until shortly before they expire by the machine's clock: the emulator's must agree.
      clock = Date.now();
      const credentials = fromTemporaryCredentials({
        masterCredentials: TEST_CREDENTIALS,
        params: { RoleArn: ROLE, RoleSessionName: 'sdk-provider' },
        clientConfig: { region: 'us-east-1', endpoint: emulator.url },
      });
      const cloudControl = cloudControlAs(credentials);
      for (const arn of PAYMENTS) expect((await cloudControl.send(new GetResourceCommand({ TypeName, Identifier: arn }))).ResourceDescription!.Identifier).toBe(arn);
      expect(emulator.calls.calls('AssumeRole')).toHaveLength(1);
      expect(emulator.calls.calls('GetResource').map((call) => call.account)).toEqual([SECOND_ACCOUNT, SECOND_ACCOUNT]);
    });

    it('refuses a role that is not assumable, or not there, with AccessDenied (403) naming the caller and the role', async () => {
      emulator.configure({ roles: [{ arn: ROLE, assumable: false }] });
      expect(await failure(assume())).toEqual({
        name: 'AccessDenied',
        status: 403,
        type: 'Sender',
        message: `User: arn:aws:iam::123456789012:user/emulator is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
      });
      emulator.configure({ roles: [{ arn: ROLE }] });
      expect(await failure(assume())).toBe('succeeded');
      expect(await failure(assume({ RoleArn: 'arn:aws:iam::210987654321:role/SomeoneElses' }))).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(emulator.calls.calls('AssumeRole').map((call) => call.outcome)).toEqual(['AccessDenied', 'ok', 'AccessDenied']);
    });

    it("keeps sessions within the role's MaxSessionDuration, and chained sessions within an hour", async () => {
      expect(await failure(assume({ DurationSeconds: 7200 }))).toEqual({
        name: 'ValidationError',
        status: 400,
        type: 'Sender',
        message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      });
      emulator.configure({ roles: [{ arn: ROLE, maxSessionDuration: 43200 }] });
      const long = await assume({ DurationSeconds: 7200 });
      expect(long.Credentials!.Expiration).toEqual(new Date(START + 7200_000));
      expect(await failure(assume({ DurationSeconds: 7200 }, keysOf(long)))).toMatchObject({
        name: 'ValidationError',
        message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      });
      expect(await failure(assume({ DurationSeconds: 3600 }, keysOf(long)))).toBe('succeeded');
    });

    it("checks its input against the model's constraints, in AWS's words", async () => {
      expect(await failure(assume({ DurationSeconds: 600 }))).toMatchObject({
        name: 'ValidationError',
        status: 400,
        message: "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      });
      expect(await failure(assume({ RoleSessionName: 'has spaces' }))).toMatchObject({
        message: "1 validation error detected: Value 'has spaces' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      });
    });
  });

  describe('issued keys', () => {
    it('expire: every service then refuses them in its own words', async () => {
      const keys = keysOf(await assume({ DurationSeconds: 900 }));
      clock = START + 900_000;
      expect(await failure(stsAs(keys).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'ExpiredToken', status: 400 });
      expect(await failure(cloudControlAs(keys).send(new ListResourcesCommand({ TypeName })))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
      expect(emulator.calls.calls().slice(-2).map((call) => [call.operation, call.account, call.outcome])).toEqual([
        ['GetCallerIdentity', 'unknown', 'ExpiredToken'],
        ['ListResources', 'unknown', 'ExpiredTokenException'],
      ]);
    });

    it('are refused with any session token but their own, and a session token the emulator never issued is refused too', async () => {
      const keys = keysOf(await assume());
      expect(await failure(stsAs({ ...keys, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
      expect(await failure(cloudControlAs({ ...TEST_CREDENTIALS, sessionToken: 'made-up' }).send(new ListResourcesCommand({ TypeName })))).toMatchObject({
        name: 'UnrecognizedClientException',
        status: 403,
      });
    });

    it('outlive a reset, as credentials AWS handed out outlive changes to the account', async () => {
      const keys = keysOf(await assume());
      emulator.reset();
      expect((await stsAs(keys).send(new GetCallerIdentityCommand({}))).Account).toBe(SECOND_ACCOUNT);
    });
  });

  describe('faults', () => {
    it("deny and throttle STS calls with STS's own errors", async () => {
      emulator.configure({ faults: { denyOperations: ['AssumeRole'] } });
      expect(await failure(assume())).toMatchObject({ name: 'AccessDenied', status: 403, message: 'User is not authorized to perform: sts:AssumeRole' });
      expect(await failure(stsAs().send(new GetCallerIdentityCommand({})))).toBe('succeeded');
      // One call, then a refill in 1000 seconds: the second call is throttled, however slow the machine.
      emulator.configure({ faults: { denyOperations: [], ratePerSecond: 0.001, rateBurst: 1 } });
      expect(await failure(stsAs().send(new GetCallerIdentityCommand({})))).toBe('succeeded');
      expect(await failure(stsAs().send(new GetCallerIdentityCommand({})))).toEqual({ name: 'Throttling', status: 400, type: 'Sender', message: 'Rate exceeded' });
    });
  });

  describe('the query protocol', () => {
    const call = (body: string, service = 'sts') =>
      fetch(emulator.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAW/20261124/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=abc`,
        },
        body,
      });

    it('answers in XML: the result in its wrapper with the request id, errors as an ErrorResponse', async () => {
      const ok = await call('Action=GetCallerIdentity&Version=2011-06-15');
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toBe('text/xml');
      const requestId = ok.headers.get('x-amzn-requestid');
      expect(await ok.text()).toMatch(
        new RegExp(
          '^<\\?xml version="1.0" encoding="UTF-8"\\?>\\n<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            '<UserId>AIDA[A-Z2-7]{17}</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/emulator</Arn></GetCallerIdentityResult>' +
            `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>$`,
        ),
      );
      const denied = await call(`Action=AssumeRole&Version=2011-06-15&RoleArn=${encodeURIComponent('arn:aws:iam::210987654321:role/Other')}&RoleSessionName=raw`);
      expect(denied.status).toBe(403);
      expect(await denied.text()).toMatch(
        /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::210987654321:role\/Other<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
      );
    });

    it('refuses a call without an Action, of another version, or of an operation it does not serve, and a missing required parameter', async () => {
      const codeOf = async (response: Response) => [response.status, /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1]];
      expect(await codeOf(await call('Version=2011-06-15'))).toEqual([400, 'MissingAction']);
      expect(await codeOf(await call('Action=GetCallerIdentity&Version=2011-06-16'))).toEqual([400, 'InvalidAction']);
      expect(await codeOf(await call('Action=GetSessionToken&Version=2011-06-15'))).toEqual([400, 'InvalidAction']);
      const missing = await call('Action=AssumeRole&Version=2011-06-15&RoleSessionName=raw');
      expect(await missing.text()).toContain("<Message>1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null</Message>");
    });
  });

  describe('roles over the control API', () => {
    const configure = (body: unknown) => fetch(`${emulator.url}/_emulator/config`, { method: 'POST', body: JSON.stringify(body) });

    it('starts with the second account’s gateway role, takes others, and refuses what is not a role', async () => {
      expect(emulator.settings.roles).toEqual([{ arn: ROLE }]);
      const other = 'arn:aws:iam::111122223333:role/path/Reader';
      expect((await configure({ roles: [{ arn: other, maxSessionDuration: 7200 }] })).status).toBe(200);
      expect((await assume({ RoleArn: other, DurationSeconds: 7200 })).AssumedRoleUser!.Arn).toBe('arn:aws:sts::111122223333:assumed-role/Reader/gateway');
      const refused = await configure({ roles: [{ arn: 'arn:aws:iam::12345:user/bob', maxSessionDuration: 60 }] });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { problems: string[] }).problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\/roles\/0\/arn must match pattern/), '/roles/0/maxSessionDuration must be >= 3600']),
      );
      emulator.reset();
      expect(emulator.settings.roles).toEqual([{ arn: ROLE }]);
    });
  });
});
