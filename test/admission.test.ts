import { DEMO, type Stack, startStack } from './support/stack';
import { until } from './support/until';

/**
 * MAX_CONCURRENT_REQUESTS and ADMISSION_QUEUE_MS, proved by counts: upstream calls held at a
 * proxy keep requests executing for as long as the test needs, and nothing measures time.
 */
const read = (arn: string) => `{ imagePipeline(arn: "${arn}") { name } }`;
const ARNS = [DEMO.golden, DEMO.ubuntu, DEMO.windows, DEMO.nginx, DEMO.euGolden, DEMO.euRhel];
const gets = (stack: Stack) => stack.proxy!.calls.filter((call) => call.operation === 'GetResource').length;

describe('admission', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('refuses GraphQL requests beyond MAX_CONCURRENT_REQUESTS with 503, Retry-After and OVERLOADED, while the probes answer', async () => {
    stack = await startStack({ env: { MAX_CONCURRENT_REQUESTS: '2', ADMISSION_QUEUE_MS: '50' }, holdingProxy: true });
    stack.proxy!.hold((call) => call.operation === 'GetResource');
    const executing = [stack.gql(read(ARNS[0]!)), stack.gql(read(ARNS[1]!))];
    await until(() => stack.proxy!.held().length === 2);

    const refused = await Promise.all(ARNS.slice(2).map((arn) => fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: read(arn) }) })));
    expect(refused.map((response) => response.status)).toEqual([503, 503, 503, 503]);
    for (const response of refused) {
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'The gateway is executing its limit of 2 GraphQL requests (MAX_CONCURRENT_REQUESTS) and none finished within 50 ms (ADMISSION_QUEUE_MS); try again shortly.',
            extensions: { code: 'OVERLOADED' },
          },
        ],
      });
    }
    // The refused requests cost nothing upstream, and the probes never wait behind GraphQL.
    expect(gets(stack)).toBe(2);
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${stack.origin}${path}`)).status).toBe(200);
    expect(await stack.metric('graphql_requests_executing')).toBe(2);
    expect(await stack.metric('http_request_duration_seconds_count', { route: '/graphql', status: '503' })).toBe(4);

    stack.proxy!.release();
    for (const response of await Promise.all(executing)) expect(response.status).toBe(200);
    expect((await stack.gql(read(DEMO.golden))).body).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
    expect(await stack.metric('graphql_requests_executing')).toBe(0);
  });

  it('lets a request queue for up to ADMISSION_QUEUE_MS and runs it as soon as a slot frees', async () => {
    stack = await startStack({ env: { MAX_CONCURRENT_REQUESTS: '1', ADMISSION_QUEUE_MS: '60000' }, holdingProxy: true });
    stack.proxy!.hold((call) => call.operation === 'GetResource');
    const first = stack.gql(read(DEMO.golden));
    await until(() => stack.proxy!.held().length === 1);
    const queued = stack.gql(read(DEMO.ubuntu));
    await until(async () => (await stack.metric('graphql_requests_queued')) === 1);
    // Queued, not executing: it has made no call.
    expect(gets(stack)).toBe(1);
    stack.proxy!.release();
    expect((await first).body).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
    expect((await queued).body).toEqual({ data: { imagePipeline: { name: 'ubuntu-22-04-cis-hardened' } } });
    expect(gets(stack)).toBe(2);
  });

  it('gives the slot back when a client goes away mid-request, once its work is done', async () => {
    stack = await startStack({ env: { MAX_CONCURRENT_REQUESTS: '1', ADMISSION_QUEUE_MS: '0' }, holdingProxy: true });
    stack.proxy!.hold((call) => call.operation === 'GetResource');
    const abandoning = new AbortController();
    const abandoned = fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: read(DEMO.golden) }), signal: abandoning.signal });
    await until(() => stack.proxy!.held().length === 1);
    abandoning.abort();
    await expect(abandoned).rejects.toThrow();
    // Its call is still upstream, so the request still holds the only slot.
    expect((await stack.gql(read(DEMO.ubuntu))).status).toBe(503);
    stack.proxy!.release();
    await until(async () => (await stack.metric('graphql_requests_executing')) === 0);
    expect((await stack.gql(read(DEMO.ubuntu))).status).toBe(200);
  });
});
