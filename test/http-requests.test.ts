import { MAX_DOCUMENT_NESTING } from '../src/plugins/document-nesting';
import { MAX_JSON_DEPTH } from '../src/schema/scalars';
import { openSocket, readResponse, sendRaw } from './support/raw-http';
import { DEMO, type Stack, startStack } from './support/stack';

const READ = JSON.stringify({ query: `{ imagePipeline(arn: "${DEMO.golden}") { name } }` });
const post = (target: string, host: string | null, body = READ) =>
  `POST ${target} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;

const logLines = (stack: Stack) => stack.logs.map((line) => JSON.parse(line) as Record<string, any>);

describe('malformed requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it.each([
    ['a Host with a space', post('/graphql', 'a b'), /The Host header is not a host name/],
    ['an unclosed IPv6 Host', post('/graphql', '[::1'), /The Host header is not a host name/],
    ['a Host that would move the path', post('/health', 'x/graphql#'), /The Host header is not a host name/],
    ['a Host with user info', post('/graphql', 'evil.example@127.0.0.1'), /The Host header is not a host name/],
    ['two Host headers', post('/graphql', 'localhost\r\nHost: evil.example'), /more than one Host header/],
    ['an absolute-form target', post('http://127.0.0.1:1/graphql', 'localhost'), /The request target must be a path/],
    ['a * target', 'OPTIONS * HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n', /The request target must be a path/],
    ['a request line Node cannot parse', 'GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n', /not valid HTTP/],
    ['a header Node cannot parse', 'GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n', /not valid HTTP/],
  ])('answers %s with a JSON 400 and a request id, logged, with no stack and no upstream call', async (_name, bytes, message) => {
    const response = await sendRaw(stack.origin, bytes);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/json');
    const body = JSON.parse(response.body) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } });
    expect(response.body).not.toMatch(/\bat |node_modules|\/work\/|TypeError/);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logLines(stack).find((line) => line.requestId === requestId)).toMatchObject({ msg: 'request', status: 400 });
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('still serves a well-formed request on a raw socket, and HTTP/1.0 without a Host', async () => {
    const answered = await sendRaw(stack.origin, post('/graphql', 'localhost:4000'));
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
    expect((await sendRaw(stack.origin, 'GET /health HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('never echoes a malformed JSON body: only the position and a short reason', async () => {
    const secret = 'AKIA-SECRET-IN-A-BROKEN-BODY';
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query": "${secret}" ${'x'.repeat(300)}` });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain('xxx');
    expect(JSON.parse(text).errors).toEqual([
      {
        message: 'POST body sent invalid JSON.',
        extensions: { code: 'BAD_REQUEST', originalError: { name: 'SyntaxError', message: "Expected ',' or '}' after property value at position 41" } },
      },
    ]);
  });
});

describe('JSON values nested too deep', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    stack.emulator.reset();
    stack.logs.length = 0;
  });

  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const patch = (value: string) => `mutation($v: JSON) { updateImagePipeline(input: { arn: "${DEMO.golden}", patchOperations: [{ op: ADD, path: "/Description", value: ${value} }] }) {
      __typename ... on ValidationError { problems { message } } } }`;
  const send = async (query: string, variables: string) => {
    const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":${JSON.stringify(query)},"variables":${variables}}` });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };
  const errorLogs = () => logLines(stack).filter((line) => line.level === 'error');

  it(`refuses a variable deeper than ${MAX_JSON_DEPTH} levels as bad input, before anything reads it`, async () => {
    const { body } = await send(patch('$v'), `{"v":${nested(10_000)}}`);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.message).toMatch(new RegExp(`JSON values may be nested at most ${MAX_JSON_DEPTH} levels deep`));
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorLogs()).toEqual([]);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it(`refuses a literal JSON value deeper than ${MAX_JSON_DEPTH} levels as bad input`, async () => {
    const { body } = await send(patch(`${'{a:'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`), '{}');
    expect(body.errors![0]!.message).toMatch(new RegExp(`JSON values may be nested at most ${MAX_JSON_DEPTH} levels deep`));
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(errorLogs()).toEqual([]);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it(`accepts a value exactly ${MAX_JSON_DEPTH} levels deep (and checks it like any other)`, async () => {
    const { body } = await send(patch('$v'), `{"v":${nested(MAX_JSON_DEPTH)}}`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.updateImagePipeline).toEqual({ __typename: 'ValidationError', problems: [{ message: 'patchOperations[0]: /Description must be string' }] });
  });

  it(`refuses a document nested more than ${MAX_DOCUMENT_NESTING} brackets deep before parsing it`, async () => {
    // One token a level: well inside MAX_QUERY_TOKENS, and deep enough to overflow the parser.
    // Twice: the second time yoga's parse cache answers with the refusal it kept.
    for (let attempt = 0; attempt < 2; attempt++) {
      const { body } = await send(patch(`${'['.repeat(2990)}${']'.repeat(2990)}`), '{}');
      expect(body.errors).toEqual([
        { message: `The document nests 2995 brackets deep; the limit is ${MAX_DOCUMENT_NESTING}.`, extensions: { code: 'LIMIT_EXCEEDED', limit: 'document nesting', value: MAX_DOCUMENT_NESTING } },
      ]);
    }
    expect(errorLogs()).toEqual([]);
    expect(stack.emulator.calls.count()).toBe(0);
  });
});

describe('ALLOWED_HOSTS', () => {
  const anonymousRead = (host: string, path = '/graphql') => sendRaw(`http://127.0.0.1:${port}`, post(path, host));
  let port: number;
  let stack: Stack;
  afterEach(() => stack.close());

  it('on loopback serves only the loopback names by default: a DNS-rebinding page gets 421 and reads nothing', async () => {
    stack = await startStack();
    port = Number(new URL(stack.origin).port);
    const rebound = await anonymousRead(`attacker.example:${port}`);
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body).errors[0]).toMatchObject({
      message: expect.stringMatching(/does not answer to the host "attacker.example:\d+"; ALLOWED_HOSTS lists/),
      extensions: { code: 'MISDIRECTED_REQUEST' },
    });
    expect(rebound.headers['x-request-id']).toBeDefined();
    expect(stack.emulator.calls.count()).toBe(0);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'LOCALHOST']) expect((await anonymousRead(host)).status).toBe(200);
    // Probes are called by address, whatever the name.
    expect((await anonymousRead('10.0.0.7:4000', '/health')).status).toBe(200);
  });

  it('serves the listed names, with or without a port', async () => {
    stack = await startStack({ env: { ALLOWED_HOSTS: 'gateway.example.com, admin.example.com:8443' } });
    port = Number(new URL(stack.origin).port);
    expect((await anonymousRead('gateway.example.com')).status).toBe(200);
    expect((await anonymousRead('Gateway.Example.com:9999')).status).toBe(200);
    expect((await anonymousRead('admin.example.com:8443')).status).toBe(200);
    expect((await anonymousRead('admin.example.com:8080')).status).toBe(421);
    expect((await anonymousRead(`127.0.0.1:${port}`)).status).toBe(421);
  });
});

describe("Node's server limits", () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it('answers headers that do not arrive within HEADERS_TIMEOUT_MS with a JSON 408 and closes the connection', async () => {
    // The whole request may take ten minutes: only the headers' bound can end this one.
    stack = await startStack({ env: { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '600000' } });
    const response = await sendRaw(stack.origin, 'GET /health HTTP/1.1\r\nHost: localhost\r\n');
    expect(response.status).toBe(408);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ message: expect.stringMatching(/HEADERS_TIMEOUT_MS/), extensions: { code: 'BAD_REQUEST' } });
    expect(logLines(stack).find((line) => line.requestId === response.headers['x-request-id'])).toMatchObject({ status: 408, reason: 'ERR_HTTP_REQUEST_TIMEOUT' });
  });

  it('answers a body that does not arrive within REQUEST_TIMEOUT_MS with a 408, and makes no upstream call', async () => {
    stack = await startStack({ env: { HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '1500' } });
    const partial = post('/graphql', 'localhost');
    const response = await sendRaw(stack.origin, partial.slice(0, partial.length - 10));
    expect(response.status).toBe(408);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('tells keep-alive clients KEEP_ALIVE_TIMEOUT_MS', async () => {
    stack = await startStack({ env: { KEEP_ALIVE_TIMEOUT_MS: '61000' } });
    const response = await fetch(`${stack.origin}/health`);
    expect(response.headers.get('keep-alive')).toBe('timeout=61');
  });

  it('closes connections beyond MAX_CONNECTIONS at once, and serves again when one closes', async () => {
    stack = await startStack({ env: { MAX_CONNECTIONS: '2' } });
    const held = [await openSocket(stack.origin), await openSocket(stack.origin)];
    const refused = await sendRaw(stack.origin, 'GET /health HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n');
    expect(refused).toEqual({ status: 0, headers: {}, body: '' });
    // The held connections are still served.
    held[0]!.write('GET /health HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n');
    expect((await readResponse(held[0]!)).status).toBe(200);
    held[1]!.destroy();
    // Once the server has seen them close, a new connection is served.
    let status = 0;
    while (status !== 200) status = (await sendRaw(stack.origin, 'GET /health HTTP/1.1\r\nHost: localhost\r\nconnection: close\r\n\r\n')).status;
    expect(status).toBe(200);
  });
});
