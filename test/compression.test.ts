import { ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { postBytes } from './support/raw-http';
import { DEMO, type Stack, startStack } from './support/stack';

const LARGE = '{ imagePipelines(region: "us-east-1", first: 10) { nodes { id arn name properties } } }';
const SMALL = '{ __typename }';

describe('response compression', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CORS_ORIGINS: 'http://localhost:5173' } });
  });
  afterAll(() => stack.close());

  it.each([
    ['gzip', 'gzip, deflate', gunzipSync],
    ['br', 'br;q=1.0, gzip;q=0.8', brotliDecompressSync],
    ['gzip when it is preferred to br', 'br;q=0.5, gzip', gunzipSync],
  ])('sends %s to a client that accepts it, keeping the request id and CORS headers', async (encoding, accept, decompress) => {
    const response = await postBytes(stack.url, LARGE, { 'accept-encoding': accept, origin: 'http://localhost:5173', 'x-request-id': 'compressed-1' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding.split(' ')[0]);
    // yoga's CORS varies by Origin; compression adds to that, not in its place.
    expect(response.headers.vary).toMatch(/^Origin, Accept-Encoding$/);
    expect(response.headers['x-request-id']).toBe('compressed-1');
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const json = JSON.parse(decompress(response.body).toString('utf8')) as { data: { imagePipelines: { nodes: unknown[] } } };
    expect(json.data.imagePipelines.nodes).toHaveLength(8);
    expect(decompress(response.body).length).toBeGreaterThan(1024);
    expect(response.body.length).toBeLessThan(decompress(response.body).length / 2);
    expect(Number(response.headers['content-length'])).toBe(response.body.length);
  });

  it('leaves a small response, and any response to a client that accepts no encoding, as it is', async () => {
    const small = await postBytes(stack.url, SMALL, { 'accept-encoding': 'gzip, br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toEqual({ data: { __typename: 'Query' } });
    for (const accept of [undefined, 'identity', 'gzip;q=0']) {
      const large = await postBytes(stack.url, LARGE, accept ? { 'accept-encoding': accept } : {});
      expect(large.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(large.body.toString('utf8')).data.imagePipelines.nodes).toHaveLength(8);
    }
  });

  it('adds its Vary header and the request id, and leaves a small answer, without costing the response its one-call writeHead', async () => {
    // @whatwg-node/server writes a response's headers with one writeHead(status, object) until a
    // plugin makes its Headers build a Map (Headers.append does); then it is a setHeader per header.
    const setHeader = jest.spyOn(ServerResponse.prototype, 'setHeader');
    const setHeaders = jest.spyOn(ServerResponse.prototype, 'setHeaders');
    try {
      for (const accept of [{}, { 'accept-encoding': 'gzip, deflate, br' }] as Record<string, string>[]) {
        const response = await postBytes(stack.url, SMALL, accept);
        expect(response.headers.vary).toBe('Accept-Encoding');
        expect(response.headers['content-encoding']).toBeUndefined();
        expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(setHeaders).not.toHaveBeenCalled();
      expect(setHeader).not.toHaveBeenCalled();
    } finally {
      setHeader.mockRestore();
      setHeaders.mockRestore();
    }
  });

  it('leaves event streams and the probes alone', async () => {
    const write = await stack.gql(`mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "streamed" } }) {
      ... on ImagePipelineWritePayload { request { requestToken } } } }`);
    const { requestToken } = write.body.data!.updateImagePipeline.request;
    // Events well over the threshold: the whole model, twice.
    const stream = await postBytes(
      stack.url,
      `subscription { resourceRequest(requestToken: "${requestToken}", region: "us-east-1") { status resourceModel imagePipeline { properties } } }`,
      { accept: 'text/event-stream', 'accept-encoding': 'gzip' },
    );
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['content-encoding']).not.toBe('gzip');
    const text = stream.body.toString('utf8');
    expect(text).toContain('event: complete');
    expect(text.length).toBeGreaterThan(2 * 1024);
    const metrics = await fetch(`${stack.origin}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
    expect(metrics.headers.get('content-encoding')).toBeNull();
  });
});
