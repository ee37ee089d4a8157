import { run, type Running } from './support/processes';

/**
 * A few thousand requests through a gateway process and an emulator process under mixed faults
 * (latency, throttling, 5xx, lost answers, hung calls), bounded in time.
 */
const REQUESTS = 3000;
const CONCURRENCY = 24;
const ALLOWED_CODES = new Set(['THROTTLED', 'UPSTREAM_UNAVAILABLE']);
// 100 calls a second: below what the soak drives even on a loaded machine, so throttling surely happens (the gateway then learns the rate).
const FAULTS = { latencyMs: 1, latencyJitterMs: 4, ratePerSecond: 100, failureRate: 0.05, dropRate: 0.03, dropPhase: 'after', hangRate: 0.002, seed: 11 };
const PIPELINES = [
  'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/amazon-linux-2023-golden',
  'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/ubuntu-22-04-cis-hardened',
  'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/eks-node-al2023',
  'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/nginx-edge-container',
  'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/gpu-deep-learning-base',
  'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/rhel-9-stig',
];
/**
 * Growth allowed in the heap that survives a full collection, from a third of the way through the
 * soak to its end. By then every lazy start-up cost (SDK clients, compiled validators, cached
 * estimates) has been paid, so what grows after it is held per request: a leak.
 */
const RETAINED_HEAP_GROWTH_BOUND_MB = 8;

jest.setTimeout(180_000);

describe('a fault soak', () => {
  let emulator: Running;
  let gateway: Running;
  let endpoint: string;
  let url: string;
  let origin: string;

  beforeAll(async () => {
    emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0', EMULATOR_WRITE_DELAY_MS: '20', EMULATOR_FLEET: 'us-east-1=30' });
    ({ endpoint } = await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening'));
    gateway = run('src/server.ts', {
      CLOUDCONTROL_BACKEND: 'aws',
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDSOAK',
      AWS_SECRET_ACCESS_KEY: 'soak-secret',
      GATEWAY_ANONYMOUS: 'write',
      PORT: '0',
      CACHE_TTL_SECONDS: '0',
      CLOUDCONTROL_TIMEOUT_MS: '1500',
      WRITE_POLL_MS: '20',
      WRITE_WAIT_SECONDS: '5',
      LOG_LEVEL: 'info',
    }, { heapProbe: true });
    ({ url } = await gateway.waitForLine((line) => typeof line.url === 'string'));
    origin = new URL(url).origin;
    expect((await fetch(`${endpoint}/_emulator/config`, { method: 'POST', body: JSON.stringify({ faults: FAULTS }) })).status).toBe(200);
  });

  afterAll(async () => {
    await gateway?.stop();
    await emulator?.stop();
  });

  const post = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: JSON.parse(await response.text()) as { data?: Record<string, any> | null; errors?: { extensions?: { code?: string } }[] } };
  };

  it('ends healthy, with every response well-formed, every write applied once and memory flat', async () => {
    const problems: string[] = [];
    const writes = new Map<string, number>();
    let next = 0;

    const check = (what: string, status: number, body: { data?: unknown; errors?: { extensions?: { code?: string } }[] }) => {
      if (status !== 200) problems.push(`${what}: HTTP ${status}`);
      if (body.data === undefined && body.errors === undefined) problems.push(`${what}: neither data nor errors`);
      for (const error of body.errors ?? []) {
        if (!ALLOWED_CODES.has(error.extensions?.code ?? '')) problems.push(`${what}: unexpected error ${JSON.stringify(error)}`);
      }
    };

    const write = async (index: number) => {
      const clientToken = `soak-write-${index}`;
      const arn = PIPELINES[index % PIPELINES.length]!;
      for (let attempt = 0; attempt < 30; attempt++) {
        const { status, body } = await post(
          `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) { __typename ... on ConflictError { reason } } }`,
          { input: { arn, clientToken, changes: { description: `soak write ${index}` }, wait: true } },
        );
        check('write', status, body);
        const typename = body.data?.updateImagePipeline?.__typename;
        if (typename === 'ImagePipelineWritePayload') {
          writes.set(clientToken, arn.includes(':eu-west-1:') ? 1 : 0);
          return;
        }
        if (typename && typename !== 'ConflictError') problems.push(`write: unexpected result ${typename}`);
        await new Promise((resolve) => setTimeout(resolve, 20 + attempt * 10));
      }
      problems.push(`write ${clientToken}: never accepted`);
    };

    const worker = async (until: number) => {
      while (next < until) {
        const index = next++;
        const kind = index % 20;
        if (kind < 3) await write(index);
        else if (kind < 6) {
          const { status, body } = await post('{ imagePipelines(first: 7) { nodes { arn name } pageInfo { hasNextPage } } }');
          check('list', status, body);
        } else {
          const picked = Array.from({ length: 1 + (index % 5) }, (_, i) => PIPELINES[(index + i) % PIPELINES.length]);
          const { status, body } = await post(`{ ${picked.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { name status tags { key } }`).join(' ')} }`);
          check('read', status, body);
        }
      }
    };
    const drive = (until: number) => Promise.all(Array.from({ length: CONCURRENCY }, () => worker(until)));
    // The heap is measured between phases, with no request in flight.
    await drive(REQUESTS / 3);
    const early = await gateway.retainedHeapMb();
    await drive((REQUESTS * 2) / 3);
    const middle = await gateway.retainedHeapMb();
    await drive(REQUESTS);
    const late = await gateway.retainedHeapMb();

    expect(problems.slice(0, 10)).toEqual([]);
    // The faults did happen: answers were lost, calls failed and calls were throttled.
    const stats = (await (await fetch(`${endpoint}/_emulator/stats`)).json()) as { calls: { outcome: string }[] };
    const outcomes = new Set(stats.calls.map((call) => call.outcome));
    for (const outcome of ['dropped', 'HandlerInternalFailureException', 'ThrottlingException', 'ok']) expect(outcomes).toContain(outcome);
    expect(late - early).toBeLessThan(RETAINED_HEAP_GROWTH_BOUND_MB);

    // Every accepted write is one request upstream, however often it was retried.
    const requests = (await (await fetch(`${endpoint}/_emulator/requests`)).json()) as { clientToken?: string; status: string }[];
    const perToken = new Map<string, number>();
    for (const request of requests) if (request.clientToken) perToken.set(request.clientToken, (perToken.get(request.clientToken) ?? 0) + 1);
    expect(writes.size).toBe(Math.ceil(REQUESTS / 20) * 3);
    for (const token of writes.keys()) expect(perToken.get(token)).toBe(1);

    // Faults off: the gateway is healthy and answers cleanly.
    const faultsOff = { faults: { failureRate: 0, dropRate: 0, hangRate: 0, ratePerSecond: null } };
    expect((await fetch(`${endpoint}/_emulator/config`, { method: 'POST', body: JSON.stringify(faultsOff) })).status).toBe(200);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    const ready = await (async () => {
      for (let i = 0; i < 20; i++) {
        if ((await fetch(`${origin}/ready`)).status === 200) return true;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return false;
    })();
    expect(ready).toBe(true);
    const { body } = await post(`{ imagePipeline(arn: "${PIPELINES[0]}") { name } }`);
    expect(body).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
    console.log(`soak: ${REQUESTS} requests, ${writes.size} writes; heap retained after a full collection ${[early, middle, late].map((mb) => mb.toFixed(1)).join(' → ')} MB`);
  });
});
