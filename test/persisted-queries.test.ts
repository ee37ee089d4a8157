import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config';
import { ConfigError } from '../src/config/env-values';
import { DEMO, type Stack, startStack } from './support/stack';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

/** A request the way Apollo's PersistedQueryLink and urql's persisted exchange send one. */
async function post(stack: Stack, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] } };
}

const NAME = `query Golden { imagePipeline(arn: "${DEMO.golden}") { name } }`;
const THREE = `{ a: imagePipeline(arn: "${DEMO.golden}") { name } b: imagePipeline(arn: "${DEMO.ubuntu}") { name } c: imagePipeline(arn: "${DEMO.nginx}") { name } }`;
const DISABLE = `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { status: DISABLED } }) { __typename } }`;

describe('automatic persisted queries', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { MAX_UPSTREAM_KEYS: '2', GATEWAY_ANONYMOUS: 'read' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('register a query sent with its hash; the hash alone then runs it', async () => {
    const registered = await post(stack, { query: NAME, extensions: persisted(sha256(NAME)) });
    expect(registered.body).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
    const byHash = await post(stack, { extensions: persisted(sha256(NAME)) });
    expect(byHash).toEqual({ status: 200, body: registered.body });
    // As GET too (Apollo's useGETForHashedQueries), with the CSRF header any GET query needs.
    const url = `${stack.url}?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256(NAME))))}`;
    const get = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await get.json()).toEqual(registered.body);
  });

  it('answer an unknown hash with PersistedQueryNotFound, so the client sends the query', async () => {
    const { status, body } = await post(stack, { extensions: persisted(sha256('{ __typename }unregistered')) });
    expect(status).toBe(404);
    expect(body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('refuse a query whose hash is not its sha256, and do not register it', async () => {
    const wrong = sha256('something else');
    const { status, body } = await post(stack, { query: NAME, extensions: persisted(wrong) });
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: 'PersistedQueryMismatch', extensions: { code: 'PERSISTED_QUERY_MISMATCH' } }]);
    expect((await post(stack, { extensions: persisted(wrong) })).body.errors![0]!.message).toBe('PersistedQueryNotFound');
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('still estimate a registered query, and refuse it past MAX_UPSTREAM_KEYS before any call', async () => {
    for (const body of [{ query: THREE, extensions: persisted(sha256(THREE)) }, { extensions: persisted(sha256(THREE)) }]) {
      const refused = await post(stack, body);
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS', estimate: 3 });
    }
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('still check access: a registered mutation is refused to a caller who may only read', async () => {
    await post(stack, { query: DISABLE, extensions: persisted(sha256(DISABLE)) });
    const { status, body } = await post(stack, { extensions: persisted(sha256(DISABLE)) });
    expect(status).toBe(403);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});

describe('trusted documents (PERSISTED_OPERATIONS)', () => {
  let stack: Stack;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    const file = join(dir, 'persisted-queries.json');
    writeFileSync(file, JSON.stringify({ [sha256(NAME)]: NAME, [sha256(THREE)]: THREE }));
    stack = await startStack({ env: { PERSISTED_OPERATIONS: file, MAX_UPSTREAM_KEYS: '2' } });
  });
  afterAll(async () => {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => stack.emulator.reset());

  it('run a listed document named by its hash', async () => {
    expect((await post(stack, { extensions: persisted(sha256(NAME)) })).body).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden' } } });
  });

  it.each([
    ['a document not in the file', { extensions: persisted(sha256('{ __typename }')) }, 'PERSISTED_QUERY_NOT_FOUND'],
    ['a query sent as text, even a listed one', { query: NAME }, 'PERSISTED_QUERY_ONLY'],
    ['a request that names no document', { variables: {} }, 'PERSISTED_QUERY_ID_REQUIRED'],
  ])('refuse %s', async (_name, body, code) => {
    const refused = await post(stack, body);
    expect(refused.status).toBe(400);
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code });
    expect(refused.body.errors![0]!.message).toMatch(/PERSISTED_OPERATIONS/);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('still estimate a listed document, and refuse it past MAX_UPSTREAM_KEYS before any call', async () => {
    const refused = await post(stack, { extensions: persisted(sha256(THREE)) });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', estimate: 3 });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});

describe('PERSISTED_OPERATIONS at startup', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-documents-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fileWith = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it.each([
    ['a missing file', () => join(dir, 'absent.json'), /PERSISTED_OPERATIONS=".*absent.json" cannot be read \(ENOENT\)/],
    ['a directory', () => dir, /PERSISTED_OPERATIONS=".*" cannot be read \(EISDIR\)/],
    ['text that is not JSON', () => fileWith('broken.json', '{ "a": '), /PERSISTED_OPERATIONS=".*broken.json" is not JSON/],
    ['an array', () => fileWith('array.json', '["{ __typename }"]'), /holds an array: expected an object of hash → document/],
    ['a value that is not a string', () => fileWith('number.json', '{ "abc": 1 }'), /the entry "abc" is not a GraphQL document/],
    ['no documents', () => fileWith('empty.json', '{}'), /holds no documents/],
  ])('refuses %s with one line naming the variable', (_name, path, message) => {
    expect(() => loadConfig({ PERSISTED_OPERATIONS: path() })).toThrow(ConfigError);
    expect(() => loadConfig({ PERSISTED_OPERATIONS: path() })).toThrow(message);
  });
});
