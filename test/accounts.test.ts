import { DEMO, type Stack, startStack } from './support/stack';

/**
 * Pipelines of several accounts through one gateway, over HTTP, through the real SDKs (STS
 * included) against the emulator, which records the account and key that signed every call.
 */
const SECOND = '210987654321';
const ROLE = `arn:aws:iam::${SECOND}:role/ImageBuilderGateway`;
const PAYMENTS = `arn:aws:imagebuilder:us-east-1:${SECOND}:image-pipeline/payments-api-golden`;
const BATCH = `arn:aws:imagebuilder:us-east-1:${SECOND}:image-pipeline/payments-batch-golden`;
const TWO_ACCOUNTS = `{
  own: imagePipeline(arn: "${DEMO.golden}") { name accountId }
  payments: imagePipeline(arn: "${PAYMENTS}") { name accountId imageRecipe { name accountId } }
  batch: imagePipeline(arn: "${BATCH}") { name status }
}`;

const assumed = (stack: Stack) => stack.emulator.calls.calls('AssumeRole');
const callsIn = (stack: Stack, account: string) => stack.emulator.calls.calls().filter((call) => call.account === account && call.operation !== 'AssumeRole');

describe('several accounts through ACCOUNT_ROLE_ARN', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { ACCOUNT_ROLE_ARN: 'arn:aws:iam::{accountId}:role/ImageBuilderGateway', CACHE_TTL_SECONDS: '60' } });
  });
  afterAll(() => stack.close());

  it('reads each pipeline as the account its ARN names, assuming each role once', async () => {
    const { body } = await stack.gql(TWO_ACCOUNTS);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      own: { name: 'amazon-linux-2023-golden', accountId: '123456789012' },
      payments: { name: 'payments-api-golden', accountId: SECOND, imageRecipe: { name: 'payments-base', accountId: SECOND } },
      batch: { name: 'payments-batch-golden', status: 'DISABLED' },
    });
    // Each call was signed as the account of what it read: the own account with the gateway's
    // key, the second with the keys its role gave.
    expect(callsIn(stack, '123456789012').map((call) => call.identifier)).toEqual([DEMO.golden]);
    expect(callsIn(stack, SECOND).map((call) => call.identifier).sort()).toEqual(
      [PAYMENTS, BATCH, `arn:aws:imagebuilder:us-east-1:${SECOND}:image-recipe/payments-base/1.4.0`].sort(),
    );
    expect(new Set(callsIn(stack, SECOND).map((call) => call.accessKeyId)).size).toBe(1);
    expect(callsIn(stack, SECOND)[0]!.accessKeyId).not.toBe('TESTACCESSKEY');
    expect(assumed(stack)).toHaveLength(1);
    expect(assumed(stack)[0]).toMatchObject({ account: '123456789012', accessKeyId: 'TESTACCESSKEY' });

    // Later requests, lists and other services reuse the role's keys: no second AssumeRole.
    const list = await stack.gql(`{ imagePipelines(region: "us-east-1", accountId: "${SECOND}") { nodes { arn name } } }`);
    expect(list.body.data!.imagePipelines.nodes.map((node: { arn: string }) => node.arn)).toEqual([PAYMENTS, BATCH]);
    expect(assumed(stack)).toHaveLength(1);
  });

  it('lists another account beside its own in one query, as aliases', async () => {
    stack.emulator.calls.reset();
    const { body } = await stack.gql(`{
      own: imagePipelines(region: "eu-west-1", first: 100) { nodes { accountId } }
      second: imagePipelines(region: "eu-west-1", accountId: "${SECOND}") { nodes { accountId name } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.own.nodes.length).toBeGreaterThan(0);
    expect(new Set(body.data!.own.nodes.map((node: { accountId: string }) => node.accountId))).toEqual(new Set(['123456789012']));
    // The second account has no pipelines in this region: its own listing says so, not the first's.
    expect(body.data!.second.nodes).toEqual([]);
    const lists = stack.emulator.calls.calls('ListResources');
    expect(lists.map((call) => [call.account, call.region]).sort()).toEqual([['123456789012', 'eu-west-1'], [SECOND, 'eu-west-1']]);
  });

  it('never serves one account the cached read of another', async () => {
    // Same pipeline name in both accounts' listing cache keys, same region: a shared cache keyed
    // without the account would answer the second list with the first.
    const first = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 2) { nodes { arn } } }`);
    const second = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 2, accountId: "${SECOND}") { nodes { arn } } }`);
    expect(first.body.data!.imagePipelines.nodes.every((node: { arn: string }) => node.arn.includes(':123456789012:'))).toBe(true);
    expect(second.body.data!.imagePipelines.nodes.every((node: { arn: string }) => node.arn.includes(`:${SECOND}:`))).toBe(true);
  });

  it('refuses a malformed accountId before any call', async () => {
    stack.emulator.calls.reset();
    const { body } = await stack.gql('{ imagePipelines(accountId: "12345") { nodes { arn } } }');
    expect(body.errors![0]).toMatchObject({ message: 'accountId "12345" is not a 12-digit AWS account id.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});

describe('an account the gateway may not read', () => {
  it('is refused before any call without ACCOUNT_ROLE_ARN, naming the account and the setting, never answered null', async () => {
    const stack = await startStack({ env: { CLOUDCONTROL_BACKEND: 'aws', AWS_REGION: 'us-east-1' } });
    try {
      expect(stack.config.accounts.roleArnTemplate).toBeUndefined();
      const { body } = await stack.gql(TWO_ACCOUNTS);
      expect(body.data).toEqual({ own: { name: 'amazon-linux-2023-golden', accountId: '123456789012' }, payments: null, batch: null });
      expect(body.errors!.map((error) => error.path![0])).toEqual(['payments', 'batch']);
      expect(body.errors![0]).toMatchObject({
        message: expect.stringMatching(/^The ARN names account 210987654321, not this gateway's own \(123456789012\): set ACCOUNT_ROLE_ARN/),
        extensions: { code: 'FORBIDDEN', accountId: SECOND, setting: 'ACCOUNT_ROLE_ARN' },
      });
      expect(callsIn(stack, SECOND)).toHaveLength(0);
      expect(assumed(stack)).toHaveLength(0);
      expect(stack.emulator.calls.count('GetResource')).toBe(1);
    } finally {
      await stack.close();
    }
  });

  it('is refused before any call when outside ACCOUNT_IDS', async () => {
    const stack = await startStack({ env: { ACCOUNT_ROLE_ARN: 'arn:aws:iam::{accountId}:role/ImageBuilderGateway', ACCOUNT_IDS: '999999999999' } });
    try {
      const read = await stack.gql(`{ imagePipeline(arn: "${PAYMENTS}") { name } }`);
      const list = await stack.gql(`{ imagePipelines(accountId: "${SECOND}") { nodes { arn } } }`);
      expect(read.body.data).toEqual({ imagePipeline: null });
      for (const error of [...read.body.errors!, ...list.body.errors!]) {
        expect(error).toMatchObject({ message: expect.stringMatching(/^Account 210987654321 is not in ACCOUNT_IDS/), extensions: { code: 'FORBIDDEN', setting: 'ACCOUNT_IDS' } });
      }
      expect(stack.emulator.calls.count()).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('whose role cannot be assumed fails only that account’s fields, naming the role, and is not asked again on every request', async () => {
    const stack = await startStack({ env: { ACCOUNT_ROLE_ARN: 'arn:aws:iam::{accountId}:role/ImageBuilderGateway' } });
    try {
      stack.emulator.configure({ roles: [{ arn: ROLE, assumable: false }] });
      const { body } = await stack.gql(TWO_ACCOUNTS);
      expect(body.data).toEqual({ own: { name: 'amazon-linux-2023-golden', accountId: '123456789012' }, payments: null, batch: null });
      expect(body.errors).toHaveLength(2);
      expect(body.errors![0]).toMatchObject({
        message: expect.stringContaining(`The gateway could not assume ${ROLE} to read account ${SECOND}`),
        extensions: { code: 'FORBIDDEN', roleArn: ROLE, accountId: SECOND },
      });
      expect(assumed(stack)).toHaveLength(1);
      // The next request is answered from the short negative cache: no second AssumeRole.
      const again = await stack.gql(`{ imagePipeline(arn: "${PAYMENTS}") { name } }`);
      expect(again.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', roleArn: ROLE });
      expect(assumed(stack)).toHaveLength(1);
      expect(callsIn(stack, SECOND)).toHaveLength(0);
    } finally {
      await stack.close();
    }
  });
});

describe("another account's role keys", () => {
  it('are assumed again before they expire, and the calls after that are signed with the new keys', async () => {
    // Only Date is faked, so the gateway's clock (which the SDK's refresh reads) and the
    // emulator's (which issues and checks session expiry) move together; timers and I/O run as ever.
    jest.useFakeTimers({ doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const stack = await startStack({ env: { ACCOUNT_ROLE_ARN: 'arn:aws:iam::{accountId}:role/ImageBuilderGateway' }, emulator: { now: () => Date.now() } });
    try {
      const read = async () => {
        const { body } = await stack.gql(`{ imagePipeline(arn: "${PAYMENTS}") { name } }`);
        expect(body).toEqual({ data: { imagePipeline: { name: 'payments-api-golden' } } });
        return callsIn(stack, SECOND).at(-1)!.accessKeyId;
      };
      const first = await read();
      expect(assumed(stack)).toHaveLength(1);
      // Fifty minutes on, the hour's session is still valid: its keys are used as they are.
      jest.setSystemTime(Date.now() + 50 * 60_000);
      expect(await read()).toBe(first);
      expect(assumed(stack)).toHaveLength(1);
      // Fifty-six minutes on, four are left: within the SDK's five-minute refresh window, so the
      // role is assumed again before the keys expire, and the read is signed with the new ones.
      jest.setSystemTime(Date.now() + 6 * 60_000);
      const second = await read();
      expect(assumed(stack)).toHaveLength(2);
      expect(second).not.toBe(first);
      // Past the first session's end, only the new keys are used, and the emulator takes them.
      jest.setSystemTime(Date.now() + 10 * 60_000);
      expect(await read()).toBe(second);
      expect(assumed(stack)).toHaveLength(2);
    } finally {
      await stack.close();
      jest.useRealTimers();
    }
  });
});
