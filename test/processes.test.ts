import { readFileSync } from 'node:fs';
import { startHoldingProxy } from './support/holding-proxy';
import { run } from './support/processes';
import { subscribe } from './support/sse';
import { DEMO } from './support/stack';
import { until } from './support/until';

const post = async (url: string, query: string, token?: string) => {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: Record<string, any>; errors?: { extensions?: Record<string, unknown> }[] };
};

describe('the aws backend against a separately started emulator', () => {
  it('behaves like the embedded one, through AWS_ENDPOINT_URL (all three services) and the SDK credential chain', async () => {
    const emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0' });
    const gateway = (async () => {
      const { endpoint } = await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening');
      return run('src/server.ts', {
        CLOUDCONTROL_BACKEND: 'aws',
        AWS_ENDPOINT_URL: endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDPROCESSTEST',
        AWS_SECRET_ACCESS_KEY: 'process-test-secret',
        PORT: '0',
        CACHE_TTL_SECONDS: '0',
      });
    })();
    const server = await gateway;
    try {
      const started = await server.waitForLine((line) => typeof line.url === 'string');
      expect(started).toMatchObject({ backend: 'aws', defaultRegion: 'us-east-1' });
      expect(started.endpoints.cloudcontrol).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(started.account).toBe('123456789012');
      expect(started.msg).toContain('on the aws backend');
      const { data, errors } = await post(
        started.url,
        `{ a: imagePipeline(arn: "${DEMO.golden}") { name region } b: imagePipeline(arn: "${DEMO.missing}") { name }
           c: imagePipeline(arn: "${DEMO.euRhel}") { name } bad: imagePipeline(arn: "nope") { name }
           list: imagePipelines(region: "eu-west-1") { nodes { arn } } }`,
      );
      expect(data).toMatchObject({ a: { name: 'amazon-linux-2023-golden', region: 'us-east-1' }, b: null, c: { name: 'rhel-9-stig' }, bad: null });
      expect(data!.list.nodes.length).toBe(4);
      expect(errors).toHaveLength(1);
      expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const stats = (await (await fetch(`${started.endpoints.cloudcontrol}/_emulator/stats`)).json()) as { counts: Record<string, number> };
      expect(stats.counts.GetResource).toBe(3);
      // Neither the secret nor the key id is ever logged.
      expect(server.stdout.join('\n')).not.toMatch(/process-test-secret|AKIDPROCESSTEST/);
    } finally {
      await server.stop();
      await emulator.stop();
    }
  });
});

describe('what a start loads', () => {
  const WRITER = 'process-test-writer-token-0123';
  it('loads ajv (writes), graphql-jit (compiled queries), ioredis and rate-limiter-flexible (Redis) only when first needed', async () => {
    const emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0' });
    const { endpoint } = await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening');
    const gateway = run(
      'src/server.ts',
      { CLOUDCONTROL_BACKEND: 'aws', AWS_ENDPOINT_URL: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: 'x', PORT: '0', GATEWAY_TOKENS: `${WRITER}:write` },
      { moduleProbe: true },
    );
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string');
      const atStart = await gateway.loadedPackages();
      expect(atStart).toEqual(expect.arrayContaining(['graphql-yoga', '@aws-sdk/client-cloudcontrol']));
      for (const lazy of ['ajv', 'graphql-jit', 'ioredis', 'rate-limiter-flexible']) expect(atStart).not.toContain(lazy);
      // A query's third run compiles it.
      for (let run = 0; run < 3; run++) expect((await post(url, `{ imagePipeline(arn: "${DEMO.golden}") { name } }`)).data).toBeTruthy();
      expect(await gateway.loadedPackages()).toContain('graphql-jit');
      // A change is checked against the pipeline's schema before any call (this one is refused).
      const refused = await post(url, `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { schedule: { scheduleExpression: "cron(0 0 * * ? *)", autoDisablePolicy: { failureCount: 11 } } } }) { __typename } }`, WRITER);
      expect(refused).toEqual({ data: { updateImagePipeline: { __typename: 'ValidationError' } } });
      const afterWrite = await gateway.loadedPackages();
      expect(afterWrite).toContain('ajv');
      expect(afterWrite).not.toContain('ioredis');
    } finally {
      await gateway.stop();
      await emulator.stop();
    }
  });

  it('on the embedded emulator (npm start), loads none of them either: the emulator compiles its schemas at their first check', async () => {
    const gateway = run('src/server.ts', { PORT: '0' }, { moduleProbe: true });
    try {
      await gateway.waitForLine((line) => typeof line.url === 'string');
      const atStart = await gateway.loadedPackages();
      expect(atStart).toContain('graphql-yoga');
      for (const lazy of ['ajv', 'graphql-jit', 'ioredis', 'rate-limiter-flexible']) expect(atStart).not.toContain(lazy);
    } finally {
      await gateway.stop();
    }
  });
});

describe('npm start', () => {
  it('runs the compiled build (no TypeScript compiler in the process), serves the demo pipelines, and exits 0 on SIGTERM', async () => {
    // scripts/start.js is what `npm start` runs; dist/ is built by `npm ci` (prepare), or by the script when src/ is newer.
    const gateway = run('scripts/start.js', { PORT: '0' });
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string', 60_000);
      expect((await post(url, `{ imagePipeline(arn: "${DEMO.golden}") { name } }`)).data).toEqual({ imagePipeline: { name: 'amazon-linux-2023-golden' } });
      // The swc compiler is a native library: loaded, it shows among the process's mappings.
      expect(readFileSync(`/proc/${gateway.child.pid}/maps`, 'utf8')).not.toMatch(/swc/);
      expect(await gateway.stop('SIGTERM')).toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});

describe('shutdown', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    const gateway = run('src/server.ts', { PORT: '0', SHUTDOWN_TIMEOUT_MS: '20000' });
    try {
      const { url, endpoints } = await gateway.waitForLine((line) => typeof line.url === 'string');
      // The embedded emulator's control API holds the request's read until the shutdown has begun.
      const emulator = (endpoints.cloudcontrol as string).replace(/ .*$/, '');
      const { id } = (await (await fetch(`${emulator}/_emulator/holds`, { method: 'POST', body: JSON.stringify({ operations: ['GetResource'] }) })).json()) as { id: string };
      const held = async () => ((await (await fetch(`${emulator}/_emulator/holds/${id}`)).json()) as { held: number }).held;
      const inFlight = post(url, `{ imagePipeline(arn: "${DEMO.golden}") { name } }`);
      await until(async () => (await held()) === 1);
      gateway.child.kill('SIGTERM');
      await gateway.waitForLine((line) => /shutting down/.test(line.msg));
      await expect(fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).rejects.toThrow();
      await fetch(`${emulator}/_emulator/holds/${id}/release`, { method: 'POST' });
      expect(await inFlight).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
      expect(await gateway.exited).toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});

describe('shutdown with subscriptions open', () => {
  it('on SIGTERM ends every open stream with a complete event and exits 0 without waiting out SHUTDOWN_TIMEOUT_MS', async () => {
    // The write never finishes on its own: only the shutdown can end the stream.
    const gateway = run('src/server.ts', { PORT: '0', EMULATOR_WRITE_DELAY_MS: '600000', SHUTDOWN_TIMEOUT_MS: '20000' });
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string');
      const { data } = await post(
        url,
        `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "until shutdown" } }) {
          ... on ImagePipelineWritePayload { request { requestToken region } } } }`,
      );
      const stream = await subscribe(url, 'subscription($requestToken: String!, $region: String!) { resourceRequest(requestToken: $requestToken, region: $region) { status } }', data!.updateImagePipeline.request);
      expect(await stream.next()).toEqual({ data: { resourceRequest: { status: 'IN_PROGRESS' } } });
      gateway.child.kill('SIGTERM');
      expect(await stream.rest()).toEqual([]);
      expect(stream.completed).toBe(true);
      expect(await gateway.exited).toBe(0);
      // Had the stream held its connection, the gateway would have cut it at the bound and said so.
      expect(gateway.stdout.join('\n')).not.toMatch(/still in flight at the shutdown bound/);
    } finally {
      await gateway.stop();
    }
  });
});

describe('shutdown with writes in flight', () => {
  const awsGateway = (endpoint: string, env: Record<string, string>) =>
    run('src/server.ts', {
      CLOUDCONTROL_BACKEND: 'aws',
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDSHUTDOWN',
      AWS_SECRET_ACCESS_KEY: 'shutdown-secret',
      GATEWAY_ANONYMOUS: 'write',
      PORT: '0',
      ...env,
    });
  const updateGolden = (wait: boolean) =>
    `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "during shutdown" }, wait: ${wait} }) {
      ... on ImagePipelineWritePayload { clientToken request { requestToken status } } } }`;

  it('answers a write that is waiting for its request at once, with its request token, and exits 0', async () => {
    const emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0', EMULATOR_WRITE_DELAY_MS: '600000' });
    const { endpoint } = await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening');
    // Neither bound would end this wait during the test: only shutdown can.
    const gateway = awsGateway(endpoint, { WRITE_WAIT_SECONDS: '600', WRITE_POLL_MS: '10', SHUTDOWN_TIMEOUT_MS: '120000' });
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string');
      const answer = post(url, updateGolden(true));
      const polls = async () => ((await (await fetch(`${endpoint}/_emulator/stats`)).json()) as { counts: Record<string, number> }).counts.GetResourceRequestStatus ?? 0;
      await until(async () => (await polls()) > 0);
      gateway.child.kill('SIGTERM');
      const { data } = await answer;
      expect(data!.updateImagePipeline).toEqual({ clientToken: expect.any(String), request: { requestToken: expect.any(String), status: 'IN_PROGRESS' } });
      expect(await gateway.exited).toBe(0);
    } finally {
      await gateway.stop();
      await emulator.stop();
    }
  });

  it('logs a write whose answer the shutdown bound cuts off, with the client token the gateway chose, before it exits', async () => {
    const emulator = run('src/emulator/main.ts', { EMULATOR_PORT: '0' });
    const { endpoint } = await emulator.waitForLine((line) => line.msg === 'Cloud Control emulator listening');
    const proxy = await startHoldingProxy(endpoint);
    proxy.hold((call) => call.operation === 'UpdateResource');
    const gateway = awsGateway(proxy.url, { CLOUDCONTROL_TIMEOUT_MS: '120000', SHUTDOWN_TIMEOUT_MS: '200' });
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string');
      const answer = post(url, updateGolden(false)).then(
        () => 'answered',
        (error: Error) => error.message,
      );
      await until(() => proxy.held().length === 1);
      const lost = gateway.waitForLine((line) => Array.isArray(line.writes) && /was not delivered/.test(line.msg));
      gateway.child.kill('SIGTERM');
      // The call is still held at the bound: its connection is cut, and the write logged first.
      expect(await answer).toBe('fetch failed');
      const line = await lost;
      expect(line).toMatchObject({ level: 'warn', requestId: expect.any(String) });
      expect(line.msg).toMatch(/shutdown bound, SHUTDOWN_TIMEOUT_MS=200, cut its connection.*repeat each mutation with its clientToken/);
      expect(line.writes).toEqual([{ operation: 'UPDATE', region: 'us-east-1', arn: DEMO.golden, clientToken: proxy.held()[0]!.input.ClientToken, outcome: 'sending' }]);
      expect(await gateway.exited).toBe(0);
    } finally {
      await gateway.stop();
      proxy.release();
      await proxy.close();
      await emulator.stop();
    }
  });
});

describe('startup', () => {
  it.each([
    [{ CLOUDCONTROL_BACKEND: 'gcp' }, /CLOUDCONTROL_BACKEND="gcp" is not valid: expected one of local, aws/],
    [{ PORT: 'eighty' }, /PORT="eighty" is not valid: expected a whole number from 0 to 65535/],
    [{ AWS_REGION: 'Frankfurt' }, /AWS_REGION holds "Frankfurt", which is not an AWS region \(by the AWS SDK's partition metadata\)/],
    [{ GATEWAY_TOKENS: 'abcdefghijklmnopqrstuvwxyz' }, /GATEWAY_TOKENS entry 1 has no scope: expected token:read or token:write/],
    [{ GATEWAY_TOKENS: 'abcdefghijklmnopqrstuvwxyz:admin' }, /GATEWAY_TOKENS entry 1 has scope "admin": expected read or write/],
    [{ CORS_ORIGINS: 'https://dash.example.com/app' }, /CORS_ORIGINS holds "https:\/\/dash.example.com\/app", which is not an origin: expected \* or scheme:\/\/host\[:port\]/],
    [{ HOST: '999.1.1.1' }, /HOST=999.1.1.1 PORT=0: the host name does not resolve; use an address of this machine, 127.0.0.1 or 0.0.0.0/],
    [{ CLOUDCONTROL_RATE_PER_SECOND: '1e-7' }, /CLOUDCONTROL_RATE_PER_SECOND="1e-7" is not valid: expected 0 \(learned\) or a number from 0.1 to 10000/],
    [{ GATEWAY_REGIONS: ',,,' }, /GATEWAY_REGIONS=",,," holds no entries/],
    [{ CORS_ORIGINS: '*,https://dash.example.com' }, /CORS_ORIGINS holds \* beside other entries/],
    [{ AWS_ENDPOINT_URL_STS: 'sts.local:4566' }, /AWS_ENDPOINT_URL_STS="sts.local:4566" is not valid: expected an http:\/\/ or https:\/\/ URL/],
    // The embedded emulator's own settings, refused when it starts.
    [{ EMULATOR_PAGE_SIZE: '0x10' }, /EMULATOR_PAGE_SIZE="0x10" is not valid/],
    [{ PERSISTED_OPERATIONS: '/nonexistent/persisted-queries.json' }, /PERSISTED_OPERATIONS="\/nonexistent\/persisted-queries.json" cannot be read \(ENOENT\)/],
  ])('refuses invalid configuration %j with one clear line and exit status 2', async (env, message) => {
    const gateway = run('src/server.ts', { PORT: '0', ...env });
    const code = await gateway.exited;
    expect(code).toBe(2);
    const lines = gateway.stderr.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/abcdefghijklmnopqrstuvwxyz/);
  });

  it('logs its effective settings with tokens counted, never shown', async () => {
    const gateway = run('src/server.ts', { PORT: '0', GATEWAY_TOKENS: 'first-secret-token-abcdef:read,second-secret-token-abcdef:write', CURSOR_SECRET: 'c'.repeat(40) });
    try {
      const started = await gateway.waitForLine((line) => typeof line.url === 'string');
      expect(started.settings.access).toEqual({ tokens: { read: 1, write: 1 }, anonymous: 'write' });
      expect(started.settings.cursorSecret).toBe('[set]');
      expect(gateway.stdout.join('\n')).not.toMatch(/first-secret-token|second-secret-token|cccccccc/);
    } finally {
      await gateway.stop();
    }
  });

  it('never logs a password written into the Cloud Control endpoint URL', async () => {
    const gateway = run('src/server.ts', {
      PORT: '0',
      CLOUDCONTROL_BACKEND: 'aws',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_CLOUDCONTROL: 'http://proxy-user:endpoint-password-123@127.0.0.1:9',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9',
    });
    try {
      const started = await gateway.waitForLine((line) => typeof line.url === 'string');
      expect(started.endpoints.cloudcontrol).toBe('http://127.0.0.1:9/ (credentials in the URL not shown)');
      expect(gateway.stdout.join('\n')).not.toMatch(/endpoint-password-123|proxy-user/);
    } finally {
      await gateway.stop();
    }
  });

  it('starts on the embedded emulator with no configuration and says so', async () => {
    const gateway = run('src/server.ts', { PORT: '0' });
    try {
      const started = await gateway.waitForLine((line) => typeof line.url === 'string');
      expect(started).toMatchObject({ backend: 'local', defaultRegion: 'us-east-1' });
      expect(started.endpoints).toEqual({ cloudcontrol: expect.stringMatching(/embedded emulator/), imagebuilder: expect.stringMatching(/embedded emulator/), sts: expect.stringMatching(/embedded emulator/) });
      // It learned its own account from the emulator's STS, and says which.
      expect(started.account).toBe('123456789012');
      expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      const page = await fetch(started.url, { headers: { accept: 'text/html' } });
      const html = await page.text();
      expect(html).toContain('GraphiQL');
      expect(html).toContain('query Dashboard');
      // GraphiQL's assets come from the gateway itself, not from a CDN.
      expect(html).not.toMatch(/unpkg\.com|jsdelivr/);
      const { data } = await post(started.url, `{ imagePipeline(arn: "${DEMO.golden}") { name } }`);
      expect(data).toEqual({ imagePipeline: { name: 'amazon-linux-2023-golden' } });
      // SIGTERM: a clean stop.
      await expect(gateway.stop()).resolves.toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});
