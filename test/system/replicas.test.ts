import Redis from 'ioredis';
import { type HoldingProxy, startHoldingProxy } from '../support/holding-proxy';
import { run, type Running } from '../support/processes';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import { subscribe } from '../support/sse';
import { DEMO } from '../support/stack';
import { until } from '../support/until';

/**
 * Two gateway processes on the aws backend, one emulator and one redis-server, as a platform
 * team runs replicas behind a load balancer. Each test waits on what it can observe (the
 * emulator's holds and call log, the gateways' /metrics, Redis itself), never for a time.
 */
const TOKEN = 'replica-test-token-0123456789abcdef';
const SECRET = 'replicas-secret-access-key';
const KEY_ID = 'AKIDREPLICASTEST';
const RATE = 20;

type Answer = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let redis: RedisServer;
let emulator: Running;
let endpoint: string;
let a: Gateway;
let b: Gateway;
let fleet: string[];
/** Replica B's way to the emulator, which can hold B's own calls. */
let proxyB: HoldingProxy;

interface Gateway {
  process: Running;
  url: string;
  base: string;
}

async function startGateway(env: Record<string, string>): Promise<Gateway> {
  const process = run('src/server.ts', {
    CLOUDCONTROL_BACKEND: 'aws',
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: KEY_ID,
    AWS_SECRET_ACCESS_KEY: SECRET,
    PORT: '0',
    REDIS_URL: redis.url,
    REDIS_TIMEOUT_MS: '200',
    // Long enough that a replica serving an old pipeline could only be the cache's fault.
    CACHE_TTL_SECONDS: '600',
    CLOUDCONTROL_RATE_PER_SECOND: String(RATE),
    CLOUDCONTROL_RATE_BURST: '1',
    CLOUDCONTROL_CONCURRENCY: '20',
    GATEWAY_TOKENS: `${TOKEN}:write`,
    GATEWAY_ANONYMOUS: 'none',
    ...env,
  });
  const started = await process.waitForLine((line) => typeof line.url === 'string', 30_000);
  await process.waitForLine((line) => /^Redis connected/.test(line.msg ?? ''), 30_000).catch(() => undefined);
  return { process, url: started.url as string, base: (started.url as string).replace(/\/graphql$/, '') };
}

async function post(gateway: Gateway, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Answer;
}

/** The sum of a metric's series whose labels include all of `labels`. */
async function metric(gateway: Gateway, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${gateway.base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? ([\d.e+-]+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([label, value]) => series[label] === value)) sum += Number(match[3]);
  }
  return sum;
}

const control = async (path: string, body?: unknown) => {
  const response = await fetch(`${endpoint}/_emulator/${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as any;
};
const calls = async (operation: string) => ((await control('stats')).calls as { operation: string; identifier?: string; outcome: string }[]).filter((call) => call.operation === operation);

const pipelineQuery = (arn: string) => `{ imagePipeline(arn: "${arn}") { arn name description } }`;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = run('src/emulator/main.ts', {
    EMULATOR_PORT: '0',
    // Writes finish only when a test says so (POST /_emulator/requests/complete).
    EMULATOR_WRITE_DELAY_MS: '600000',
    EMULATOR_FLEET: 'us-east-1=40',
    EMULATOR_RATE_PER_SECOND: String(RATE),
    // The gateways send one call a window; a burst of 5 absorbs 100 ms of arrival jitter on a busy
    // machine (calls sent 50 ms apart arriving together), as a real service's bucket does.
    EMULATOR_RATE_BURST: '5',
  });
  endpoint = (await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening', 30_000)).endpoint as string;
  proxyB = await startHoldingProxy(endpoint);
  [a, b] = await Promise.all([startGateway({ WRITE_POLL_MS: '20' }), startGateway({ AWS_ENDPOINT_URL: proxyB.url })]);
  const demo = new Set<string>(Object.values(DEMO));
  fleet = ((await control('pipelines'))['us-east-1'] as string[]).filter((arn) => !demo.has(arn));
  expect(fleet.length).toBeGreaterThanOrEqual(40);
}, 90_000);

afterAll(async () => {
  await Promise.all([a?.process.stop(), b?.process.stop()]);
  proxyB?.release();
  await proxyB?.close();
  await emulator?.stop();
  await redis?.stop();
});

describe('replicas sharing through Redis', () => {
  it('answers fifty identical concurrent reads, split across both replicas, with one upstream call', async () => {
    const arn = DEMO.ubuntu;
    const inFlight = async () => (await metric(a, 'upstream_reads_total', { source: 'in_flight' })) + (await metric(b, 'upstream_reads_total', { source: 'in_flight' }));
    const before = await inFlight();
    const hold = await control('holds', { operations: ['GetResource'], identifiers: [arn] });
    // Each text its own (a comment), so no request joins another's execution (COALESCE_QUERIES)
    // and all fifty reach the shared reads this test is about.
    const answers = Array.from({ length: 50 }, (_, i) => post(i % 2 ? b : a, `${pipelineQuery(arn)} # request ${i}`));
    // One call is held in the emulator; every other read joined one in flight on its replica, and
    // the replica that did not call waits for the other's answer (it listens on its channel).
    const listener = new Redis(redis.url);
    try {
      await until(async () => {
        const { held } = (await control(`holds/${hold.id}`)) as { held: number };
        // A second call held is already the failure the assertions below report.
        return held > 1 || (held === 1 && (await inFlight()) - before === 48 && (await listener.pubsub('CHANNELS', 'ipg:done:*')).length === 1);
      });
    } finally {
      listener.disconnect();
    }
    await control(`holds/${hold.id}/release`, {});
    const results = await Promise.all(answers);
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]).toEqual({ data: { imagePipeline: { arn, name: 'ubuntu-22-04-cis-hardened', description: expect.any(String) } } });
    expect((await calls('GetResource')).filter((call) => call.identifier === arn)).toHaveLength(1);
    // The replica that waited counted the other's call as what answered it.
    expect((await metric(a, 'upstream_reads_total', { source: 'shared_in_flight' })) + (await metric(b, 'upstream_reads_total', { source: 'shared_in_flight' }))).toBe(1);
  });

  it('serves a write made through one replica fresh through the other at once, however long the TTL', async () => {
    const arn = DEMO.nginx;
    // Both replicas hold the pipeline as it was: B in its own layer and in Redis.
    const old = await post(b, pipelineQuery(arn));
    expect(await post(a, pipelineQuery(arn))).toEqual(old);
    const description = `changed through replica A ${Date.now()}`;
    const write = post(
      a,
      `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) { ... on ImagePipelineWritePayload { request { status } } } }`,
      { input: { arn, changes: { description }, wait: true } },
    );
    await until(async () => ((await control('requests')) as { status: string }[]).some((request) => request.status === 'IN_PROGRESS'));
    await control('requests/complete', {});
    expect((await write).data).toEqual({ updateImagePipeline: { request: { status: 'SUCCESS' } } });
    expect(await post(b, pipelineQuery(arn))).toEqual({ data: { imagePipeline: { arn, name: 'nginx-edge-container', description } } });
  });

  it('keeps both replicas together within the rate Cloud Control allows: a fan-out over both is never throttled', async () => {
    const nodes = (arns: string[]) => `{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { arn }`).join(' ')} }`;
    const [first, second] = await Promise.all([post(a, nodes(fleet.slice(0, 20))), post(b, nodes(fleet.slice(20, 40)))]);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const reads = (await calls('GetResource')).filter((call) => fleet.slice(0, 40).includes(call.identifier ?? ''));
    expect(reads.filter((call) => call.outcome === 'ThrottlingException')).toEqual([]);
    expect(reads).toHaveLength(40);
  });

  it('tells a subscriber on one replica of a write made through the other', async () => {
    const arn = DEMO.golden;
    const { data } = await post(
      a,
      `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) { ... on ImagePipelineWritePayload { request { requestToken region } } } }`,
      { input: { arn, changes: { description: 'heard on B' } } },
    );
    const request = data!.updateImagePipeline.request as { requestToken: string; region: string };
    const stream = await subscribe(
      b.url,
      'subscription($requestToken: String!, $region: String!) { resourceRequest(requestToken: $requestToken, region: $region) { status imagePipeline { description } } }',
      request,
      { authorization: `Bearer ${TOKEN}` },
    );
    try {
      expect(await stream.next()).toMatchObject({ data: { resourceRequest: { status: 'IN_PROGRESS' } } });
      // B's own polls of the request stay unanswered from now on: what it hears comes from A.
      proxyB.hold((call) => call.operation === 'GetResourceRequestStatus');
      await control('requests/complete', { requestToken: request.requestToken });
      expect((await post(a, `{ resourceRequest(requestToken: "${request.requestToken}", region: "us-east-1") { status } }`)).data).toEqual({ resourceRequest: { status: 'SUCCESS' } });
      expect(await stream.next()).toEqual({ data: { resourceRequest: { status: 'SUCCESS', imagePipeline: { description: 'heard on B' } } } });
    } finally {
      stream.close();
      proxyB.release();
    }
  });

  it('gives every key in Redis its prefix and a TTL, and writes no credential or token there', async () => {
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).toMatch(/^ipg:/);
        const ttl = await client.pttl(key);
        if (ttl === -2) continue; // lapsed since it was listed (a claim, a pace window)
        expect(ttl).toBeGreaterThan(0);
        const type = await client.type(key);
        const contents = type === 'string' ? await client.get(key) : type === 'zset' ? (await client.zrange(key, 0, -1)).join('\n') : '';
        expect(`${key}\n${contents}`).not.toMatch(new RegExp(`${TOKEN}|${SECRET}|${KEY_ID}`));
      }
    } finally {
      client.disconnect();
    }
  });

  it('keeps both replicas answering while Redis is killed mid-load, says so in gateway_redis_up, and shares again once it is back', async () => {
    const up = async (gateway: Gateway) => metric(gateway, 'gateway_redis_up');
    expect([await up(a), await up(b)]).toEqual([1, 1]);
    const answers: Answer[] = [];
    let stop = false;
    // Reads of pipelines each replica has not kept yet keep calling upstream through the outage.
    const load = (async () => {
      for (let i = 0; !stop; i++) answers.push(await post(i % 2 ? a : b, pipelineQuery(fleet[i % 40]!)));
    })();
    await until(() => answers.length >= 10);
    await redis.kill();
    await until(async () => (await up(a)) === 0 && (await up(b)) === 0);
    const during = answers.length;
    await until(() => answers.length >= during + 40);
    expect((await fetch(`${a.base}/ready`)).status).toBe(200);
    expect((await fetch(`${b.base}/ready`)).status).toBe(200);
    await redis.restart();
    await until(async () => (await up(a)) === 1 && (await up(b)) === 1);
    stop = true;
    await load;
    expect(answers.filter((answer) => answer.errors !== undefined)).toEqual([]);
    expect(answers.every((answer) => typeof answer.data?.imagePipeline?.arn === 'string')).toBe(true);
    // The outage was logged once by each replica, not once per request.
    for (const gateway of [a, b]) expect(gateway.process.stdout.filter((line) => line.includes('Redis unreachable or slow'))).toHaveLength(1);
    // Sharing again: what A reads now, B gets from Redis without a call.
    const arn = DEMO.euRhel;
    const first = await post(a, pipelineQuery(arn));
    expect(await post(b, pipelineQuery(arn))).toEqual(first);
    expect((await calls('GetResource')).filter((call) => call.identifier === arn)).toHaveLength(1);
  });
});
