import zlib from 'node:zlib';
import { postBytes } from './support/raw-http';
import { type GraphQLResponse, type Stack, startStack } from './support/stack';
import { until } from './support/until';

/**
 * Identical queries arriving while one executes join it (COALESCE_QUERIES), proved by counts:
 * the emulator holds the listing's call, so the first query executes for as long as the test
 * needs, and nothing measures time.
 */
const LISTING = '{ imagePipelines(region: "us-east-1", first: 3) { edges { node { name status } } } }';
const OTHER = '{ imagePipelines(region: "eu-west-1", first: 2) { edges { node { name } } } }';
const READER_A = 'reader-a-0123456789abcdef';
const READER_B = 'reader-b-0123456789abcdef';
const WRITER = 'writer-0123456789abcdefgh';

const post = (stack: Stack, query: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ query }), signal });

async function answer(response: Promise<Response>): Promise<GraphQLResponse & { id: string | null }> {
  const settled = await response;
  return { status: settled.status, headers: settled.headers, id: settled.headers.get('x-request-id'), body: (await settled.json()) as GraphQLResponse['body'] };
}

/** A gzip-accepting POST, its answer as the bytes on the wire. */
async function gzipped(stack: Stack, query: string): Promise<{ status: number; encoding?: string; id?: string; body: Buffer }> {
  const { status, headers, body } = await postBytes(stack.url, query, { 'accept-encoding': 'gzip' });
  return { status, encoding: headers['content-encoding'] as string | undefined, id: headers['x-request-id'] as string | undefined, body };
}

const requestLines = (stack: Stack) => stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request' && line.path === '/graphql');
const coalesced = (stack: Stack) => stack.metric('graphql_requests_coalesced_total');
const listCalls = (stack: Stack) => stack.emulator.calls.count('ListResources');

describe('coalescing identical concurrent queries', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('answers N identical queries with one execution: one listing, the others wait for its result, each with its own id and log line', async () => {
    stack = await startStack();
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const leader = answer(post(stack, LISTING));
    await hold.waitForHeld(1);
    const followers = Array.from({ length: 4 }, () => answer(post(stack, LISTING)));
    await until(async () => (await coalesced(stack)) === 4);
    hold.release();
    const answers = await Promise.all([leader, ...followers]);

    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body).toEqual(answers[0]!.body);
    }
    expect((answers[0]!.body.data as any).imagePipelines.edges).toHaveLength(3);
    expect(listCalls(stack)).toBe(1);
    // One execution: no second one ever waited on the listing's read in flight.
    expect(await stack.metric('upstream_reads_total', { operation: 'ListResources', source: 'in_flight' })).toBe(0);
    expect(await stack.metric('upstream_reads_total', { operation: 'ListResources', source: 'upstream' })).toBe(1);

    const ids = answers.map((a) => a.id);
    expect(new Set(ids).size).toBe(5);
    await until(() => requestLines(stack).length === 5);
    const lines = requestLines(stack);
    expect(lines.map((line) => line.requestId).sort()).toEqual([...ids].sort());
    for (const line of lines) expect(line.status).toBe(200);
    const leaderId = answers[0]!.id;
    expect(lines.filter((line) => line.coalescedWith === undefined).map((line) => line.requestId)).toEqual([leaderId]);
    expect(lines.filter((line) => line.coalescedWith === leaderId)).toHaveLength(4);

    // Shared only while the leader executes: the same query now runs again.
    await answer(post(stack, LISTING));
    expect(listCalls(stack)).toBe(2);
    expect(await coalesced(stack)).toBe(4);
  });

  it('takes no admission slot for a follower: at MAX_CONCURRENT_REQUESTS=1 identical queries are answered while a different one is refused', async () => {
    stack = await startStack({ env: { MAX_CONCURRENT_REQUESTS: '1', ADMISSION_QUEUE_MS: '0' } });
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const leader = answer(post(stack, LISTING));
    await hold.waitForHeld(1);
    const followers = Array.from({ length: 3 }, () => answer(post(stack, LISTING)));
    await until(async () => (await coalesced(stack)) === 3);

    const different = await answer(post(stack, OTHER));
    expect(different.status).toBe(503);
    expect(different.body.errors![0]!.extensions!.code).toBe('OVERLOADED');
    expect(await stack.metric('graphql_requests_executing')).toBe(1);
    expect(await stack.metric('graphql_requests_queued')).toBe(0);

    hold.release();
    const answers = await Promise.all([leader, ...followers]);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body).toEqual(answers[0]!.body);
    }
    expect(listCalls(stack)).toBe(1);
    await until(async () => (await stack.metric('graphql_requests_executing')) === 0);
  });

  it('does not coalesce callers with different access: another token, or no token', async () => {
    stack = await startStack({ env: { GATEWAY_TOKENS: `${READER_A}:read,${READER_B}:read`, GATEWAY_ANONYMOUS: 'read' } });
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const asA = answer(post(stack, LISTING, { authorization: `Bearer ${READER_A}` }));
    await hold.waitForHeld(1);
    const asB = answer(post(stack, LISTING, { authorization: `Bearer ${READER_B}` }));
    const anonymous = answer(post(stack, LISTING));
    await until(async () => (await stack.metric('graphql_requests_executing')) === 3);
    // The same token again (spelt differently: the scheme is case-insensitive) is the same caller.
    const asAAgain = answer(post(stack, LISTING, { authorization: `bearer ${READER_A}` }));
    await until(async () => (await coalesced(stack)) === 1);
    expect(await stack.metric('graphql_requests_executing')).toBe(3);
    hold.release();
    for (const { status, body } of await Promise.all([asA, asB, anonymous, asAAgain])) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    }
    expect(await coalesced(stack)).toBe(1);
  });

  it('coalesces only the same request: other variables or another operation of the document execute on their own; the same variables in another order join', async () => {
    stack = await startStack();
    const DOCUMENT = [
      'query Listing($first: Int, $region: String) { imagePipelines(region: $region, first: $first) { edges { node { name } } } }',
      'query Names { imagePipelines(region: "us-east-1", first: 3) { edges { node { name } } } }',
      'query Statuses { imagePipelines(region: "us-east-1", first: 3) { edges { node { status } } } }',
    ].join('\n');
    const send = (body: object) => answer(fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: DOCUMENT, ...body }) }));
    const executing = () => stack.metric('graphql_requests_executing');
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const leader = send({ operationName: 'Listing', variables: { first: 3, region: 'us-east-1' } });
    await hold.waitForHeld(1);
    const otherVariables = send({ operationName: 'Listing', variables: { first: 2, region: 'eu-west-1' } });
    await hold.waitForHeld(2);
    const reordered = send({ operationName: 'Listing', variables: { region: 'us-east-1', first: 3 } });
    await until(async () => (await coalesced(stack)) === 1);
    // Without variables, the operation name alone tells two requests of one document apart.
    const names = send({ operationName: 'Names' });
    await until(async () => (await executing()) === 3);
    const statuses = send({ operationName: 'Statuses' });
    await until(async () => (await executing()) === 4);
    expect(await coalesced(stack)).toBe(1);
    hold.release();
    const [first, second, third, fourth, fifth] = await Promise.all([leader, otherVariables, reordered, names, statuses]);
    const nodes = (answer: typeof first) => (answer!.body.data as any).imagePipelines.edges.map((edge: any) => edge.node);
    expect(nodes(first)).toHaveLength(3);
    expect(nodes(second)).toHaveLength(2);
    expect(third!.body).toEqual(first!.body);
    expect(nodes(fourth)).toEqual(nodes(first));
    expect(nodes(fifth).map((node: any) => Object.keys(node))).toEqual([['status'], ['status'], ['status']]);
    expect(await coalesced(stack)).toBe(1);
  });

  it('never coalesces a mutation: two identical ones both execute', async () => {
    stack = await startStack({ env: { GATEWAY_TOKENS: `${WRITER}:write` } });
    // Cancelling an unknown request reads its status first (and answers RequestNotFoundError).
    const hold = stack.emulator.hold({ operations: ['GetResourceRequestStatus'] });
    const cancel = 'mutation { cancelResourceRequest(input: { requestToken: "0b7a8c3e-1111-2222-3333-444455556666", region: "us-east-1" }) { __typename } }';
    const headers = { authorization: `Bearer ${WRITER}` };
    const first = answer(post(stack, cancel, headers));
    await hold.waitForHeld(1);
    const second = answer(post(stack, cancel, headers));
    await hold.waitForHeld(2);
    hold.release();
    for (const { status, body } of await Promise.all([first, second])) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    }
    expect(stack.emulator.calls.count('GetResourceRequestStatus')).toBe(2);
    expect(await coalesced(stack)).toBe(0);
  });

  it("answers the followers when the leader's client hangs up", async () => {
    stack = await startStack();
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const hangingUp = new AbortController();
    const leader = post(stack, LISTING, {}, hangingUp.signal);
    await hold.waitForHeld(1);
    const followers = Array.from({ length: 2 }, () => answer(post(stack, LISTING)));
    await until(async () => (await coalesced(stack)) === 2);
    hangingUp.abort();
    await expect(leader).rejects.toThrow();
    // A round trip after the hang-up: the gateway has seen the leader's connection close.
    expect((await fetch(`${stack.origin}/health`)).status).toBe(200);
    hold.release();
    const answers = await Promise.all(followers);
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect((body.data as any).imagePipelines.edges).toHaveLength(3);
    }
    expect(listCalls(stack)).toBe(1);
  });

  it("gives followers the leader's errors, carrying no request id", async () => {
    stack = await startStack({ env: { CLOUDCONTROL_MAX_ATTEMPTS: '1' } });
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const leader = answer(post(stack, LISTING));
    await hold.waitForHeld(1);
    const follower = answer(post(stack, LISTING));
    await until(async () => (await coalesced(stack)) === 1);
    stack.emulator.configure({ faults: { failureRate: 1, operations: ['ListResources'] } });
    hold.release();
    const [led, followed] = await Promise.all([leader, follower]);
    expect(led.body.errors).toHaveLength(1);
    expect(followed.status).toBe(led.status);
    expect(followed.body).toEqual(led.body);
    const text = JSON.stringify(followed.body);
    expect(text).not.toContain(led.id!);
    expect(text).not.toContain(followed.id!);
  });

  it('serializes and compresses the shared result once: each follower gets the same gzip bytes under its own request id', async () => {
    stack = await startStack();
    // Large enough to be compressed (COMPRESSION_MIN_BYTES).
    const large = '{ imagePipelines(region: "us-east-1", first: 10) { nodes { id arn name properties } } }';
    const gzip = jest.spyOn(zlib, 'gzip');
    const stringify = jest.spyOn(JSON, 'stringify');
    // Serializations of the listing's result (the log lines and the emulator's answers are serialized too).
    const serializations = () => stringify.mock.calls.filter(([value]) => (value as { data?: { imagePipelines?: unknown } } | null)?.data?.imagePipelines).length;
    try {
      const hold = stack.emulator.hold({ operations: ['ListResources'] });
      const leader = gzipped(stack, large);
      await hold.waitForHeld(1);
      const followers = Array.from({ length: 5 }, () => gzipped(stack, large));
      await until(async () => (await coalesced(stack)) === 5);
      hold.release();
      const answers = await Promise.all([leader, ...followers]);
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(answer.encoding).toBe('gzip');
        expect(answer.body.equals(answers[0]!.body)).toBe(true);
      }
      expect(new Set(answers.map((answer) => answer.id)).size).toBe(6);
      const json = JSON.parse(zlib.gunzipSync(answers[0]!.body).toString('utf8')) as GraphQLResponse['body'];
      expect(json.errors).toBeUndefined();
      expect((json.data as any).imagePipelines.nodes).toHaveLength(8);
      expect(gzip).toHaveBeenCalledTimes(1);
      expect(serializations()).toBe(1);

      // A query on its own (no follower) is serialized and compressed for itself, as before.
      const alone = await gzipped(stack, large);
      expect(alone.encoding).toBe('gzip');
      expect(gzip).toHaveBeenCalledTimes(2);
      expect(serializations()).toBe(2);
    } finally {
      gzip.mockRestore();
      stringify.mockRestore();
    }
  });
});
