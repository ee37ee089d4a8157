import { subscribe } from './support/sse';
import { DEMO, type Stack, startStack, until } from './support/stack';

/**
 * The resourceRequest subscription over Server-Sent Events, against the emulator over HTTP.
 * Nothing here waits a fixed time: each step waits on what the emulator logged, the gateway's
 * metrics, or the stream itself.
 */
const FOLLOW = `subscription($requestToken: String!, $region: String!) {
  resourceRequest(requestToken: $requestToken, region: $region) { id requestToken status isFinal imagePipeline { id description } }
}`;
const UPDATE = `mutation($input: UpdateImagePipelineInput!) {
  updateImagePipeline(input: $input) { __typename ... on ImagePipelineWritePayload { imagePipelineId request { id requestToken region status } } ... on MutationError { message } }
}`;

/** Starts a write (not waited for) and returns what the subscription needs to follow it. */
async function startWrite(stack: Stack, arn: string, description: string, headers: Record<string, string> = {}) {
  const { body } = await stack.gql(UPDATE, { input: { arn, changes: { description } } }, headers);
  const payload = body.data!.updateImagePipeline;
  expect(payload.__typename).toBe('ImagePipelineWritePayload');
  return { requestToken: payload.request.requestToken as string, region: payload.request.region as string, id: payload.request.id as string };
}

const statusCalls = (stack: Stack, region: string) => stack.emulator.calls.calls('GetResourceRequestStatus').filter((call) => call.region === region).length;

describe('following a write', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '50' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('sees it IN_PROGRESS, then SUCCESS with the pipeline as it now is, and ends', async () => {
    // Long enough for the first event's pipeline read to come before the write is applied.
    stack.emulator.configure({ writeDelayMs: 1500 });
    const before = (await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { id description } }`)).body.data!.imagePipeline;
    const write = await startWrite(stack, DEMO.golden, 'Followed live');
    const stream = await subscribe(stack.url, FOLLOW, write);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const results = await stream.rest();
    expect(stream.completed).toBe(true);
    expect(results.map((result) => result.data!.resourceRequest.status)).toEqual(['IN_PROGRESS', 'SUCCESS']);
    const [progress, success] = results.map((result) => result.data!.resourceRequest);
    // The same node a client cached from the mutation's payload, read again for each event.
    expect(progress).toMatchObject({ id: write.id, isFinal: false, imagePipeline: before });
    expect(success).toMatchObject({ id: write.id, isFinal: true, imagePipeline: { id: before.id, description: 'Followed live' } });
  });

  it('settles the read cache when it sees the write finish, like a status query', async () => {
    const cached = await startStack({ env: { WRITE_POLL_MS: '50', CACHE_TTL_SECONDS: '60' }, emulator: { settings: { writeDelayMs: 300 } } });
    try {
      const read = async () => (await cached.gql(`{ imagePipeline(arn: "${DEMO.golden}") { description } }`)).body.data!.imagePipeline.description;
      const write = await startWrite(cached, DEMO.golden, 'Seen by the next read');
      await (await subscribe(cached.url, FOLLOW, write)).rest();
      expect(await read()).toBe('Seen by the next read');
      const calls = cached.emulator.calls.count('GetResource');
      expect(await read()).toBe('Seen by the next read');
      expect(cached.emulator.calls.count('GetResource')).toBe(calls); // kept again once settled
    } finally {
      await cached.close();
    }
  });

  it('answers null, once, for a token Cloud Control does not know', async () => {
    const stream = await subscribe(stack.url, FOLLOW, { requestToken: 'no-such-request', region: 'us-east-1' });
    expect(await stream.rest()).toEqual([{ data: { resourceRequest: null } }]);
    expect(await stack.metric('subscription_followed_requests')).toBe(0);
  });

  it('answers a failed first read as its error, logged with the request id, and ends', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['GetResourceRequestStatus'] } });
    const stream = await subscribe(stack.url, FOLLOW, { requestToken: 'denied-request', region: 'us-east-1' }, { 'x-request-id': 'denied-follow' });
    const results = await stream.rest();
    expect(results).toEqual([{ data: { resourceRequest: null }, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] }]);
    const logged = stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.requestId === 'denied-follow' && line.code === 'FORBIDDEN');
    expect(logged).toHaveLength(1);
    expect(await stack.metric('subscription_followed_requests')).toBe(0);
  });

  it('refuses bad input before any call', async () => {
    const stream = await subscribe(stack.url, FOLLOW, { requestToken: 'not a token!', region: 'us-east-1' });
    const [result] = await stream.rest();
    expect(result!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'requestToken' });
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('holds nothing for a client that cannot read an event stream (406)', async () => {
    stack.emulator.configure({ writeDelayMs: 60_000 });
    const write = await startWrite(stack, DEMO.golden, 'Never followed');
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: FOLLOW, variables: write }),
    });
    expect(response.status).toBe(406);
    expect(await stack.metric('graphql_subscriptions_open')).toBe(0);
    expect(await stack.metric('subscription_followed_requests')).toBe(0);
    expect(statusCalls(stack, 'us-east-1')).toBe(0);
  });
});

describe('one poll per request, however many follow it', () => {
  let stack: Stack;
  beforeAll(async () => {
    // A poll interval longer than the write: the second poll always sees it finished, so one
    // subscriber's poll count is exactly known (2), and it leaves the other subscribers three
    // seconds to join.
    stack = await startStack({ env: { WRITE_POLL_MS: '3000' }, emulator: { settings: { writeDelayMs: 2000 } } });
  });
  afterAll(() => stack.close());

  it('twenty subscribers cause as many GetResourceRequestStatus calls as one', async () => {
    const alone = await startWrite(stack, DEMO.euRhel, 'One subscriber');
    const shared = await startWrite(stack, DEMO.golden, 'Twenty subscribers');
    const streams = await Promise.all([subscribe(stack.url, FOLLOW, alone), ...Array.from({ length: 20 }, () => subscribe(stack.url, FOLLOW, shared))]);
    const results = await Promise.all(streams.map((stream) => stream.rest()));
    // A subscriber that joins late starts from the state the others have reached.
    for (const result of results) expect(result.map((r) => r.data!.resourceRequest.status)).toEqual(expect.arrayContaining(['SUCCESS']));
    expect(statusCalls(stack, 'eu-west-1')).toBe(2);
    expect(statusCalls(stack, 'us-east-1')).toBe(statusCalls(stack, 'eu-west-1'));
  });
});

describe('a subscriber that disconnects', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '200' } });
  });
  afterAll(() => stack.close());

  it('stops the polling when it was the last one', async () => {
    // Left alone, the poller would read the request again when the write is due, 2 s on.
    stack.emulator.configure({ writeDelayMs: 2000 });
    const write = await startWrite(stack, DEMO.euRhel, 'Abandoned');
    const stream = await subscribe(stack.url, FOLLOW, write);
    expect((await stream.next())!.data!.resourceRequest.status).toBe('IN_PROGRESS');
    stream.close();
    await until(async () => (await stack.metric('graphql_subscriptions_open')) === 0, 'the gateway to see the stream closed');
    expect(statusCalls(stack, 'eu-west-1')).toBe(1);

    // The clock: another write, followed to its end in another region, due 3 s after it was
    // made, so at least a second after the abandoned one's next poll would have been. The
    // gateway's own count of its polls shows the span: the first read, then the one that saw it
    // finish.
    stack.emulator.configure({ writeDelayMs: 3000 });
    const clock = await startWrite(stack, DEMO.golden, 'Clock');
    const ticks = await (await subscribe(stack.url, FOLLOW, clock)).rest();
    expect(ticks.map((tick) => tick.data!.resourceRequest.status)).toEqual(['IN_PROGRESS', 'SUCCESS']);
    expect(await stack.metric('upstream_requests_total', { operation: 'GetResourceRequestStatus', region: 'us-east-1' })).toBeGreaterThanOrEqual(2);
    expect(statusCalls(stack, 'eu-west-1')).toBe(1);
    expect(await stack.metric('upstream_requests_total', { operation: 'GetResourceRequestStatus', region: 'eu-west-1' })).toBe(1);
    expect(await stack.metric('subscription_followed_requests')).toBe(0);
  });
});

describe('subscription limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '50', MAX_SUBSCRIPTIONS: '2' }, emulator: { settings: { writeDelayMs: 60_000 } } });
  });
  afterAll(() => stack.close());

  it('refuses the one past MAX_SUBSCRIPTIONS with LIMIT_EXCEEDED, and takes one again when one has ended', async () => {
    const write = await startWrite(stack, DEMO.golden, 'Crowded');
    const open = [await subscribe(stack.url, FOLLOW, write), await subscribe(stack.url, FOLLOW, write)];
    for (const stream of open) expect((await stream.next())!.data!.resourceRequest.status).toBe('IN_PROGRESS');
    const refused = await subscribe(stack.url, FOLLOW, write);
    const results = await refused.rest();
    expect(results).toHaveLength(1);
    expect(results[0]!.errors).toEqual([
      expect.objectContaining({ message: expect.stringContaining('MAX_SUBSCRIPTIONS'), extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_SUBSCRIPTIONS', value: 2 } }),
    ]);
    expect(refused.completed).toBe(true);

    open[0]!.close();
    await until(async () => (await stack.metric('graphql_subscriptions_open')) === 1, 'one stream to have ended');
    const again = await subscribe(stack.url, FOLLOW, write);
    expect((await again.next())!.data!.resourceRequest.status).toBe('IN_PROGRESS');
    again.close();
    open[1]!.close();
    await until(async () => (await stack.metric('subscription_followed_requests')) === 0, 'the polling to stop');
  });

  it('estimates a subscription\'s Cloud Control calls like a query\'s (MAX_UPSTREAM_KEYS)', async () => {
    const tight = await startStack({ env: { MAX_UPSTREAM_KEYS: '1' } });
    try {
      // The first status read, and the pipeline read for each event: 2.
      const stream = await subscribe(tight.url, FOLLOW, { requestToken: 'any-token', region: 'us-east-1' });
      const results = await stream.rest();
      expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'LIMIT_EXCEEDED', estimate: 2 }) })] }]);
      expect(tight.emulator.calls.count()).toBe(0);
    } finally {
      await tight.close();
    }
  });

  it('ends a stream after SUBSCRIPTION_MAX_SECONDS', async () => {
    const short = await startStack({ env: { WRITE_POLL_MS: '50', SUBSCRIPTION_MAX_SECONDS: '1' }, emulator: { settings: { writeDelayMs: 60_000 } } });
    try {
      const write = await startWrite(short, DEMO.golden, 'Outlived');
      const stream = await subscribe(short.url, FOLLOW, write);
      const results = await stream.rest();
      expect(stream.completed).toBe(true);
      expect(results.map((result) => result.data!.resourceRequest.status)).toEqual(['IN_PROGRESS']);
      await until(async () => (await short.metric('subscription_followed_requests')) === 0, 'the polling to stop');
    } finally {
      await short.close();
    }
  });
});

describe('who may subscribe', () => {
  const READ_TOKEN = 'subscription-reader-token-0123456789';
  const WRITE_TOKEN = 'subscription-writer-token-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { WRITE_POLL_MS: '50', GATEWAY_ANONYMOUS: 'none', GATEWAY_TOKENS: `${READ_TOKEN}:read,${WRITE_TOKEN}:write` },
      emulator: { settings: { writeDelayMs: 1000 } },
    });
  });
  afterAll(() => stack.close());

  it('a read token may, as it may query', async () => {
    const write = await startWrite(stack, DEMO.golden, 'Read-only follower', { authorization: `Bearer ${WRITE_TOKEN}` });
    const stream = await subscribe(stack.url, FOLLOW, write, { authorization: `Bearer ${READ_TOKEN}` });
    expect((await stream.rest()).map((result) => result.data!.resourceRequest.status)).toEqual(['IN_PROGRESS', 'SUCCESS']);
  });

  it('no token, where GATEWAY_ANONYMOUS=none, may not: 401 before anything runs', async () => {
    const calls = stack.emulator.calls.count();
    const response = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: FOLLOW, variables: { requestToken: 'any-token', region: 'us-east-1' } }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(stack.emulator.calls.count()).toBe(calls);
  });
});
