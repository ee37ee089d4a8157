import { getIntrospectionQuery } from 'graphql';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config/config';
import { DEMO, type Stack, startStack } from './support/stack';

const READ_TOKEN = 'read-token-0123456789abcdef';
const WRITE_TOKEN = 'write-token-0123456789abcdef';
const TOKENS = `${READ_TOKEN}:read,${WRITE_TOKEN}:write`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const DELETE = `mutation { deleteImagePipeline(input: { arn: "${DEMO.windows}" }) { __typename } }`;
const READ = `{ imagePipeline(arn: "${DEMO.golden}") { name } }`;
/**
 * One mutation of every kind, each valid, so that only access control can stop it: an update that
 * would pass its checks reads the pipeline first, and a cancel reads the request's status first.
 */
const EVERY_MUTATION = {
  create: `mutation { createImagePipeline(input: { name: "refused-pipeline", infrastructureConfigurationArn: "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet", imageRecipeArn: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023-golden/3.2.0" }) { __typename } }`,
  update: `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "refused" } }) { __typename } }`,
  delete: DELETE,
  cancel: `mutation { cancelResourceRequest(input: { requestToken: "0b7a8c3e-1111-2222-3333-444455556666", region: "us-east-1" }) { __typename } }`,
};

describe('access control', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_TOKENS: TOKENS, GATEWAY_ANONYMOUS: 'none' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it.each([
    ['no token', {}, /needs a bearer token: send Authorization: Bearer <token>/],
    ['an unknown token', bearer('not-a-configured-token-123'), /bearer token is not recognised/],
    ['a header that is not a bearer token', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /must be a bearer token/],
  ])('refuses %s with 401 UNAUTHENTICATED and no upstream call', async (_name, headers, message) => {
    const { status, headers: responseHeaders, body } = await stack.gql(READ, undefined, headers);
    expect(status).toBe(401);
    expect(responseHeaders.get('www-authenticate')).toMatch(/^Bearer/);
    expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } });
    expect(body.data).toBeUndefined();
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it.each(['/graphql/', '/x/graphql', '/graphql/graphql', '/?q=/graphql', '/GRAPHQL'])(
    'answers GraphQL only at /graphql: %s is 404 without a token and with one, and calls nothing upstream',
    async (path) => {
      for (const headers of [{}, bearer(WRITE_TOKEN)]) {
        const response = await fetch(`${stack.origin}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: READ }),
        });
        expect(response.status).toBe(404);
        const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
        expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/^Nothing is served at ".*": GraphQL is at \/graphql\.$/), extensions: { code: 'NOT_FOUND' } });
      }
      expect(stack.emulator.calls.count()).toBe(0);
    },
  );

  it('needs a token for everything but /health, /ready and /metrics', async () => {
    expect((await fetch(`${stack.origin}/graphql?query=${encodeURIComponent(READ)}`)).status).toBe(401);
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${stack.origin}${path}`)).status).toBe(200);
  });

  it('lets a read token read', async () => {
    expect((await stack.gql(READ, undefined, bearer(READ_TOKEN))).body.data).toEqual({ imagePipeline: { name: 'amazon-linux-2023-golden' } });
  });

  it.each(Object.entries(EVERY_MUTATION))('refuses a read token a valid %s with FORBIDDEN and no upstream call of any kind', async (_kind, mutation) => {
    const { status, body } = await stack.gql(mutation, undefined, bearer(READ_TOKEN));
    expect(status).toBe(403);
    expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(/may only read: mutations need a token with write scope/), extensions: { code: 'FORBIDDEN' } });
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('lets a write token write', async () => {
    const { body } = await stack.gql(DELETE, undefined, bearer(WRITE_TOKEN));
    expect(body.data).toEqual({ deleteImagePipeline: { __typename: 'ImagePipelineWritePayload' } });
  });

  it('never writes a token into the logs', async () => {
    await stack.gql(READ, undefined, bearer(READ_TOKEN));
    await stack.gql(DELETE, undefined, bearer(READ_TOKEN));
    await stack.gql(READ, undefined, bearer('wrong-token-abcdefghijklmn'));
    const logs = stack.logs.join('\n');
    expect(logs).toContain('"status":401');
    expect(logs).not.toMatch(/read-token-0123456789abcdef|write-token-0123456789abcdef|wrong-token-abcdefghijklmn/);
  });
});

describe('anonymous access defaults', () => {
  it('is write on the local backend and read on the aws backend', () => {
    expect(loadConfig({}).access.anonymous).toBe('write');
    expect(loadConfig({ CLOUDCONTROL_BACKEND: 'aws' }).access.anonymous).toBe('read');
    expect(loadConfig({ CLOUDCONTROL_BACKEND: 'aws', GATEWAY_ANONYMOUS: 'none' }).access.anonymous).toBe('none');
  });

  it('lets an anonymous reader read but make no mutation of any kind, at no upstream call', async () => {
    const stack = await startStack({ env: { GATEWAY_ANONYMOUS: 'read' } });
    try {
      expect((await stack.gql(READ)).body.data).toEqual({ imagePipeline: { name: 'amazon-linux-2023-golden' } });
      stack.emulator.calls.reset();
      for (const mutation of Object.values(EVERY_MUTATION)) {
        expect((await stack.gql(mutation)).body.errors![0]).toMatchObject({
          message: 'Requests without a token may only read here (GATEWAY_ANONYMOUS=read): mutations need a token with write scope, sent as Authorization: Bearer <token>.',
          extensions: { code: 'FORBIDDEN' },
        });
      }
      expect(stack.emulator.calls.count()).toBe(0);
    } finally {
      await stack.close();
    }
  });
});

describe('query limits', () => {
  const refused = async (env: Record<string, string>, query: string, code: string, message: RegExp, variables?: Record<string, unknown>) => {
    const stack = await startStack({ env });
    try {
      const { body } = await stack.gql(query, variables);
      expect(Object.values(body.data ?? {}).every((value) => value === null)).toBe(true);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.message).toMatch(message);
      expect(body.errors![0]!.extensions).toMatchObject({ code });
      expect(stack.emulator.calls.count()).toBe(0);
    } finally {
      await stack.close();
    }
  };
  const aliases = (n: number) => Array.from({ length: n }, (_, i) => `p${i}: imagePipeline(arn: "${DEMO.golden}") { name }`).join(' ');

  it('refuses a query deeper than MAX_QUERY_DEPTH', () =>
    refused({ MAX_QUERY_DEPTH: '4' }, '{ imagePipelines { edges { node { schedule { autoDisablePolicy { failureCount } } } } } }', 'LIMIT_EXCEEDED', /^Query depth limit of 4 exceeded, found \d+\.$/));

  it('refuses more aliases than MAX_ALIASES', () => refused({ MAX_ALIASES: '5' }, `{ ${aliases(6)} }`, 'LIMIT_EXCEEDED', /^Aliases limit of 5 exceeded, found 6\.$/));

  it('refuses more tokens than MAX_QUERY_TOKENS', () =>
    refused({ MAX_QUERY_TOKENS: '400' }, `{ imagePipeline(arn: "${DEMO.golden}") { ${'name '.repeat(400)} } }`, 'LIMIT_EXCEEDED', /^Token limit of 400 exceeded\.$/));

  it('refuses more directives than MAX_DIRECTIVES', () =>
    refused(
      { MAX_DIRECTIVES: '3' },
      `{ imagePipeline(arn: "${DEMO.golden}") { name @include(if: true) @include(if: true) @skip(if: false) @skip(if: false) } }`,
      'LIMIT_EXCEEDED',
      /^Directives limit of 3 exceeded, found 4\.$/,
    ));

  it('refuses a query costlier than MAX_QUERY_COST', () =>
    refused({ MAX_QUERY_COST: '200' }, '{ imagePipelines(first: 100) { nodes { arn } } }', 'LIMIT_EXCEEDED', /^Query Cost limit of 200 exceeded, found [\d.]+\.$/));

  it('refuses a listing whose rows would cost more AWS calls than MAX_UPSTREAM_KEYS', () =>
    refused({ MAX_UPSTREAM_KEYS: '30' }, '{ imagePipelines(first: 40) { nodes { name } } }', 'LIMIT_EXCEEDED', /could make up to 42 AWS calls; the limit is 30 \(MAX_UPSTREAM_KEYS\)/));

  it('counts ids passed in variables and fragments', () =>
    refused(
      { MAX_UPSTREAM_KEYS: '30' },
      'query($ids: [ID!]!) { nodes(ids: $ids) { ...F } } fragment F on ImagePipeline { name }',
      'LIMIT_EXCEEDED',
      /could make up to 31 AWS calls/,
      { ids: Array.from({ length: 31 }, (_, i) => Buffer.from(`ImagePipeline:${DEMO.golden}-${i}`).toString('base64')) },
    ));

  it('does not let a negative first lower the estimate for the rest of the query', () =>
    refused(
      { MAX_UPSTREAM_KEYS: '5' },
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on ImagePipeline { name } } x: resourceRequests(first: -1000) { nodes { imagePipeline { name } } } }',
      'LIMIT_EXCEEDED',
      /could make up to 31 AWS calls; the limit is 5/,
      { ids: Array.from({ length: 30 }, (_, i) => Buffer.from(`ImagePipeline:${DEMO.golden}-${i}`).toString('base64')) },
    ));

  it('counts the reads themselves, so a service that pages smaller than the estimate assumes cannot stretch MAX_UPSTREAM_KEYS', async () => {
    // One row a page: the estimate (one page of 25) lets the listing through; the count stops it at 5 calls.
    const stack = await startStack({ env: { MAX_UPSTREAM_KEYS: '5' }, emulator: { settings: { pageSize: 1 } } });
    try {
      const { body } = await stack.gql('{ imagePipelines(first: 12) { nodes { arn } } }');
      expect(body.errors![0]).toMatchObject({
        message: expect.stringMatching(/has made the 5 AWS calls one request may make \(MAX_UPSTREAM_KEYS\), so ListResources in us-east-1 was not made/),
        extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS', value: 5 },
      });
      expect(stack.emulator.calls.count()).toBe(5);
      // Each request has its own count.
      const { body: small } = await stack.gql('{ imagePipelines(first: 3) { nodes { arn } } }');
      expect(small.errors).toBeUndefined();
      expect(small.data!.imagePipelines.nodes).toHaveLength(3);
    } finally {
      await stack.close();
    }
  });

  it('lets a large listing of ARNs only through: it costs no reads per row', async () => {
    const stack = await startStack({ env: { MAX_UPSTREAM_KEYS: '30' } });
    try {
      const { body } = await stack.gql('{ imagePipelines(first: 100) { nodes { arn } } }');
      expect(body.errors).toBeUndefined();
      expect(stack.emulator.calls.count('GetResource')).toBe(0);
    } finally {
      await stack.close();
    }
  });

  it('refuses introspection that would answer more than one copy of the schema, before building any answer', async () => {
    const stack = await startStack();
    try {
      // 1.5 KB of query that answered 2.5 MB: fifty copies of the whole schema.
      const query = `{ ${Array.from({ length: 50 }, (_, i) => `s${i}: __schema { ...S }`).join(' ')} } fragment S on __Schema { types { name fields { name type { name } } } }`;
      const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        errors: [
          {
            message: 'A request may introspect the schema (__schema) once; this one does 50 times.',
            locations: [{ line: 1, column: 1 }],
            extensions: { code: 'LIMIT_EXCEEDED', limit: '__schema per request', value: 1 },
          },
        ],
      });
      expect(text.length).toBeLessThan(300);
      // Fragments and inline fragments count too; one introspection, as GraphiQL sends it, is answered.
      const twice = await stack.gql('{ ... on Query { a: __schema { queryType { name } } } ...F } fragment F on Query { b: __schema { queryType { name } } }');
      expect(twice.body.errors![0]!.message).toMatch(/does 2 times/);
      // Nor many copies of its parts inside one: 1.8 MB from one __schema with 48 aliases of fields.
      const inside = await stack.gql(`{ __schema { types { name ...T } } } fragment T on __Type { ${Array.from({ length: 48 }, (_, i) => `f${i}: fields { name }`).join(' ')} }`);
      expect(inside.body.errors).toEqual([
        expect.objectContaining({
          message: 'Aliases are not allowed inside __schema (found f0: fields): introspection answers each part of the schema once.',
          extensions: { code: 'LIMIT_EXCEEDED', limit: 'aliases inside introspection', value: 1 },
        }),
      ]);
      expect(inside.body.data).toBeUndefined();
      // Aliased __type at the top is one type each, counted by MAX_ALIASES.
      const types = await stack.gql('{ a: __type(name: "ImagePipeline") { name } b: __type(name: "Query") { name } }');
      expect(types.body).toEqual({ data: { a: { name: 'ImagePipeline' }, b: { name: 'Query' } } });
      const { body } = await stack.gql(getIntrospectionQuery());
      expect(body.errors).toBeUndefined();
      expect(body.data!.__schema.types.length).toBeGreaterThan(10);
    } finally {
      await stack.close();
    }
  });

  it('refuses a region outside GATEWAY_REGIONS', async () => {
    const env = { GATEWAY_REGIONS: 'us-east-1,eu-west-1' };
    await refused(env, '{ imagePipelines(region: "ap-southeast-2") { nodes { arn } } }', 'BAD_USER_INPUT', /region "ap-southeast-2" is not served by this gateway; allowed regions: us-east-1, eu-west-1/);
    await refused(env, '{ imagePipeline(arn: "arn:aws:imagebuilder:ap-southeast-2:123456789012:image-pipeline/analytics-worker") { name } }', 'BAD_USER_INPUT', /not served by this gateway/);
  });
});

describe('browser and HTTP safety', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_BODY_BYTES: '2000' } });
  });
  afterAll(() => stack.close());

  const send = (init: RequestInit, url = stack.url) => fetch(url, init).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() }));

  it('answers malformed JSON with 400', async () => {
    const response = await send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(response.status).toBe(400);
    expect(response.text).toMatch(/POST body sent invalid JSON/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('answers a %s body with 415', async (type) => {
    const response = await send({ method: 'POST', headers: { 'content-type': type }, body: 'query=%7B__typename%7D' });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text).errors[0].message).toMatch(/Content-Type must be application\/json/);
  });

  it('refuses a body over MAX_BODY_BYTES with 413, and one of unknown length with 411', async () => {
    const big = await send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename }`, pad: 'x'.repeat(3000) }) });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text).errors[0].message).toMatch(/the limit is 2000 bytes \(MAX_BODY_BYTES\)/);
    const chunked = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      request.on('error', reject);
      request.write('{"query":"{ __typename }"}');
      request.end();
    });
    expect(chunked).toBe(411);
  });

  it('refuses a GET query without the CSRF header, as a browser would send it cross-site', async () => {
    const url = `${stack.url}?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await send({ method: 'GET', headers: { accept: 'application/json' } }, url);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).errors[0]).toMatchObject({
      message: expect.stringMatching(/^A GET query needs the x-graphql-yoga-csrf header \(any value\), or send the query as a JSON POST/),
      extensions: { code: 'BAD_REQUEST' },
    });
    expect((await send({ method: 'GET', headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } }, url)).status).toBe(200);
  });

  it('echoes a request id, keeping a safe one the caller sent, and logs one line per request with it', async () => {
    const generated = await send({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await send({ method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'dash-42' }, body: '{"query":"{ __typename }"}' });
    expect(kept.headers.get('x-request-id')).toBe('dash-42');
    const unsafe = await send({ method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'a b\u00e9' }, body: '{"query":"{ __typename }"}' });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Every new id is a new one (a per-process prefix and a counter), never the caller's unsafe one.
    expect(unsafe.headers.get('x-request-id')).not.toBe(generated.headers.get('x-request-id'));
    const line = stack.logs.map((l) => JSON.parse(l)).find((l) => l.requestId === 'dash-42' && l.msg === 'request');
    expect(line).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', status: 200, durationMs: expect.any(Number) });
  });
});

describe('CORS, GraphiQL and introspection settings', () => {
  const preflight = (url: string, origin: string) =>
    fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  it('allows only the configured origins', async () => {
    const stack = await startStack({ env: { CLOUDCONTROL_BACKEND: 'aws', CORS_ORIGINS: 'https://dash.example.com' } });
    try {
      expect((await preflight(stack.url, 'https://dash.example.com')).headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
      expect((await preflight(stack.url, 'https://evil.example.net')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example.net');
    } finally {
      await stack.close();
    }
  });

  it('sends no CORS headers by default on the aws backend, and a wildcard on the local one', async () => {
    const aws = await startStack({ env: { CLOUDCONTROL_BACKEND: 'aws' } });
    const local = await startStack();
    try {
      expect((await preflight(aws.url, 'https://dash.example.com')).headers.get('access-control-allow-origin')).toBeNull();
      // Any origin: yoga answers a wildcard by echoing the origin that asked.
      expect((await preflight(local.url, 'https://dash.example.com')).headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/dash\.example\.com)$/);
    } finally {
      await aws.close();
      await local.close();
    }
  });

  it('turns introspection and GraphiQL off when configured', async () => {
    const stack = await startStack({ env: { INTROSPECTION: 'false', GRAPHIQL: 'false' } });
    try {
      const { body } = await stack.gql('{ __schema { types { name } } }');
      expect(body.errors![0]!.message).toMatch(/introspection/i);
      const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('GraphiQL');
      const typo = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { nme } }`);
      expect(typo.body.errors![0]!.message).not.toMatch(/Did you mean/);
    } finally {
      await stack.close();
    }
  });
});

describe('internal errors', () => {
  it('are masked: no stack, no upstream payload, logged with the request id', async () => {
    const garbage = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('{"ResourceDescription":{"Identifier":"x","Properties":"{not json"}}');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const stack = await startStack({ endpoint: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}` });
    try {
      const { body, headers } = await stack.gql(READ);
      expect(body.errors).toEqual([
        { message: 'Unexpected error.', locations: expect.any(Array), path: ['imagePipeline'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      const requestId = headers.get('x-request-id');
      const logged = stack.logs.map((l) => JSON.parse(l)).find((l) => l.level === 'error' && l.requestId === requestId);
      expect(logged).toMatchObject({ msg: 'unexpected error while executing a request', path: ['imagePipeline'] });
      expect(logged.err.message).toMatch(/JSON/);
    } finally {
      await stack.close();
      garbage.close();
    }
  });
});

describe('regions and ARNs', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Anonymous writes, so the mutations' own checks are what refuses them.
    stack = await startStack({ env: { CLOUDCONTROL_BACKEND: 'aws', AWS_REGION: 'us-east-1', GATEWAY_ANONYMOUS: 'write' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  it.each([
    ['a region no partition has', '{ imagePipelines(region: "us-east-9") { nodes { arn } } }', /region "us-east-9" is not an AWS region \(by the AWS SDK's partition metadata\)/],
    ["another partition's region", '{ imagePipelines(region: "cn-north-1") { nodes { arn } } }', /region "cn-north-1" is in the aws-cn partition; this gateway serves the aws partition/],
    ["an ARN of another partition", '{ imagePipeline(arn: "arn:aws-cn:imagebuilder:cn-north-1:123456789012:image-pipeline/x") { name } }', /is in the aws-cn partition; this gateway serves the aws partition/],
    ["a pipeline ARN of another partition to run", 'mutation { startImagePipelineExecution(input: { arn: "arn:aws-cn:imagebuilder:cn-north-1:123456789012:image-pipeline/x" }) { __typename } }', /input.arn "arn:aws-cn:.*" is in the aws-cn partition/],
    ["an image build ARN of another partition", 'mutation { cancelImageCreation(input: { imageBuildVersionArn: "arn:aws-cn:imagebuilder:cn-north-1:123456789012:image/x/1.0.0/1" }) { __typename } }', /input.imageBuildVersionArn "arn:aws-cn:.*" is in the aws-cn partition/],
    ['an ARN whose partition is made up', '{ imagePipeline(arn: "arn:aws-mars:imagebuilder:us-east-1:123456789012:image-pipeline/x") { name } }', /is in the aws-mars partition; this gateway serves the aws partition/],
    ['an ARN whose partition is malformed', '{ imagePipeline(arn: "arn:mars:imagebuilder:us-east-1:123456789012:image-pipeline/x") { name } }', /does not match the Image Builder API's ImagePipelineArn pattern/],
    ["an ARN whose region no partition has", '{ imagePipeline(arn: "arn:aws:imagebuilder:us-east-9:123456789012:image-pipeline/x") { name } }', /region "us-east-9" is not an AWS region/],
    ["an ARN whose name breaks the API's pattern", '{ imagePipeline(arn: "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Bad Name") { name } }', /ImagePipelineArn pattern/],
  ])('refuses %s as BAD_USER_INPUT, before any call', async (_name, query, message) => {
    const { body } = await stack.gql(query);
    expect(body.errors![0]!.message).toMatch(message);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('keeps no state for made-up regions however many distinct ones arrive: no call, no client, no metric series', async () => {
    const series = async () => (await (await fetch(`${stack.origin}/metrics`)).text()).split('\n').filter((line) => line && !line.startsWith('#')).length;
    // A region code of the SDK's own shape (two letters, words, a number) that no partition lists.
    const madeUp = (n: number) => `us-${n.toString(26).replace(/\d/g, (digit) => 'qrstuvwxyz'[Number(digit)]!)}-1`;
    // Warm up what every request records once (routes, error codes), so only per-region state could grow.
    await stack.gql(`{ imagePipeline(arn: "arn:aws:imagebuilder:${madeUp(0)}:123456789012:image-pipeline/x") { name } }`);
    await series(); // a scrape records itself too
    const before = await series();
    for (let batch = 0; batch < 60; batch++) {
      const aliases = Array.from({ length: 50 }, (_, i) => {
        const region = madeUp(batch * 50 + i + 1);
        return `r${i}: imagePipeline(arn: "arn:aws:imagebuilder:${region}:123456789012:image-pipeline/x", region: "${region}") { name }`;
      });
      const { body } = await stack.gql(`{ ${aliases.join(' ')} }`);
      expect(body.errors).toHaveLength(50);
      expect(body.errors!.every((error) => error.extensions!.code === 'BAD_USER_INPUT' && /is not an AWS region/.test(error.message))).toBe(true);
    }
    expect(stack.emulator.calls.count()).toBe(0);
    expect(await series()).toBe(before);
  });
});
