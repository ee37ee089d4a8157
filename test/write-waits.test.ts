import { type Stack, DEMO, startStack } from './support/stack';
import { until } from './support/until';

/**
 * `wait: true` writes of one request: sent in document order, waiting together under one
 * WRITE_WAIT_SECONDS and within MAX_UPSTREAM_KEYS. Status polls are held at a proxy or counted
 * at the emulator; nothing measures time.
 */
const payload = `__typename ... on ImagePipelineWritePayload { request { requestToken status } imagePipeline { description } } ... on MutationError { message }`;
const update = (alias: string, arn: string, description: string, wait = true) =>
  `${alias}: updateImagePipeline(input: { arn: "${arn}", changes: { description: "${description}" }, wait: ${wait} }) { ${payload} }`;
/** Status polls of one request token, as the proxy between gateway and emulator saw them. */
const pollsOf = (stack: Stack, requestToken: string) =>
  stack.proxy!.calls.filter((call) => call.operation === 'GetResourceRequestStatus' && call.input.RequestToken === requestToken).length;

describe('waiting writes', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('wait together: every write of the request is sent while the first one still waits', async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '10' }, holdingProxy: true });
    const proxy = stack.proxy!;
    proxy.hold((call) => call.operation === 'GetResourceRequestStatus');
    const response = stack.gql(`mutation { ${update('a', DEMO.golden, 'A')} ${update('b', DEMO.ubuntu, 'B')} ${update('c', DEMO.windows, 'C')} }`);
    // One request follows three writes at once: each one's first poll is held, all three at the same time.
    await until(() => new Set(proxy.held().map((call) => call.input.RequestToken)).size === 3);
    expect(proxy.calls.filter((call) => call.operation === 'UpdateResource').map((call) => call.input.Identifier)).toEqual([DEMO.golden, DEMO.ubuntu, DEMO.windows]);
    proxy.release();
    const { body } = await response;
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      a: { __typename: 'ImagePipelineWritePayload', request: { requestToken: expect.any(String), status: 'SUCCESS' }, imagePipeline: { description: 'A' } },
      b: { __typename: 'ImagePipelineWritePayload', request: { requestToken: expect.any(String), status: 'SUCCESS' }, imagePipeline: { description: 'B' } },
      c: { __typename: 'ImagePipelineWritePayload', request: { requestToken: expect.any(String), status: 'SUCCESS' }, imagePipeline: { description: 'C' } },
    });
  });

  it('keep their order: a write to a pipeline another write of the request is waiting for goes after it', async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '10' } });
    const { body } = await stack.gql(`mutation { ${update('first', DEMO.golden, 'first')} ${update('second', DEMO.golden, 'second', false)} }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.first).toMatchObject({ request: { status: 'SUCCESS' }, imagePipeline: { description: 'first' } });
    // Sent once the first had finished: no CONCURRENT_OPERATION conflict.
    expect(body.data!.second).toMatchObject({ __typename: 'ImagePipelineWritePayload' });
    const updates = stack.emulator.calls.calls('UpdateResource');
    expect(updates.map((call) => call.outcome)).toEqual(['ok', 'ok']);
    const lastPollOfFirst = stack.emulator.calls.calls().findLastIndex((call) => call.operation === 'GetResourceRequestStatus');
    expect(stack.emulator.calls.calls().findIndex((call) => call === updates[1])).toBeGreaterThan(lastPollOfFirst);
  });

  it('share one WRITE_WAIT_SECONDS: a write sent after the request has waited its bound does not wait again', async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '20', WRITE_WAIT_SECONDS: '1' }, emulator: { settings: { writeDelayMs: 600_000 } }, holdingProxy: true });
    // `first` waits its full bound (its request never ends); `second`, to the same pipeline, is sent only then
    // (and refused: the first still runs), and `third` after it, with the request's wait already spent.
    const { body } = await stack.gql(
      `mutation { ${update('first', DEMO.golden, 'first')} ${update('second', DEMO.golden, 'second')} ${update('third', DEMO.ubuntu, 'third')} }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.first).toMatchObject({ request: { status: 'IN_PROGRESS' }, imagePipeline: null });
    expect(body.data!.second).toMatchObject({ __typename: 'ConflictError' });
    expect(body.data!.third).toMatchObject({ request: { status: 'IN_PROGRESS' } });
    expect(pollsOf(stack, body.data!.first.request.requestToken)).toBeGreaterThan(0);
    expect(pollsOf(stack, body.data!.third.request.requestToken)).toBe(0);
  });

  it('count every status poll against MAX_UPSTREAM_KEYS, and stop waiting when it is spent', async () => {
    // The wait's own bound is well past the test's, so only the budget can end it in time.
    stack = await startStack({ env: { WRITE_POLL_MS: '10', WRITE_WAIT_SECONDS: '20', MAX_UPSTREAM_KEYS: '3' }, emulator: { settings: { writeDelayMs: 600_000 } } });
    const { body } = await stack.gql(
      `mutation { only: updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "x" }, wait: true }) { ... on ImagePipelineWritePayload { request { status } } } }`,
    );
    expect(body.errors).toBeUndefined();
    // The current model, the write, one poll: the request's three calls, and then the last known state
    // (the request never ends).
    expect(body.data!.only).toEqual({ request: { status: 'IN_PROGRESS' } });
    expect(stack.emulator.calls.count('GetResource')).toBe(1);
    expect(stack.emulator.calls.count('UpdateResource')).toBe(1);
    expect(stack.emulator.calls.count('GetResourceRequestStatus')).toBe(1);
  });

  it('are estimated at one poll each before anything runs', async () => {
    stack = await startStack({ env: { MAX_UPSTREAM_KEYS: '7' } });
    // Each: the current model, the write, one poll, and the pipeline read back for the payload.
    const { body } = await stack.gql(`mutation { ${update('a', DEMO.golden, 'a')} ${update('b', DEMO.ubuntu, 'b')} }`);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/could make up to 8 AWS calls; the limit is 7 \(MAX_UPSTREAM_KEYS\)/), extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', estimate: 8 }) }),
    ]);
    expect(stack.emulator.calls.count()).toBe(0);
    // Without waiting, the same writes are one call fewer each.
    expect((await stack.gql(`mutation { ${update('a', DEMO.golden, 'a', false)} ${update('b', DEMO.ubuntu, 'b', false)} }`)).body.errors).toBeUndefined();
  });
});
