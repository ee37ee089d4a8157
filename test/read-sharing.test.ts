import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { DEMO, type Stack, startStack } from './support/stack';
import { storedRequests } from './support/emulator';
import { until } from './support/until';

/**
 * Reads shared across requests, through HTTP, the real SDK and the emulator: every assertion
 * counts upstream calls, none measures time.
 */
const NAME = `query($arn: String!) { imagePipeline(arn: $arn) { name description } }`;
const UPDATE = `mutation($input: UpdateImagePipelineInput!) {
  updateImagePipeline(input: $input) { __typename ... on ImagePipelineWritePayload { request { requestToken status } imagePipeline { description } } }
}`;
const DELETE = `mutation($input: DeleteImagePipelineInput!) {
  deleteImagePipeline(input: $input) { __typename ... on ImagePipelineWritePayload { request { requestToken status } } }
}`;
const CREATE = `mutation($input: CreateImagePipelineInput!) {
  createImagePipeline(input: $input) { __typename ... on ImagePipelineWritePayload { request { status identifier } } }
}`;
const LIST = `{ imagePipelines(region: "us-east-1", first: 100) { nodes { arn } } }`;

describe('reads in flight at the same time', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('share one GetResource across requests, even with the cache off', async () => {
    expect(stack.config.upstream.cacheTtlSeconds).toBe(0);
    // The emulator holds the first request's call until the second request has joined it.
    const hold = stack.emulator.hold({ operations: ['GetResource'] });
    const first = stack.gql(NAME, { arn: DEMO.golden });
    await hold.waitForHeld(1);
    // Another document for the same pipeline: an identical query would join the first's
    // execution (coalescing.test.ts) and never reach the read layer.
    const second = stack.gql(`query($arn: String!) { imagePipeline(arn: $arn) { description name } }`, { arn: DEMO.golden });
    await until(async () => (await stack.metric('upstream_reads_total', { source: 'in_flight' })) === 1);
    hold.release();
    const bodies = (await Promise.all([first, second])).map((response) => response.body);
    expect(bodies[0]).toEqual({ data: { imagePipeline: { name: 'amazon-linux-2023-golden', description: expect.any(String) } } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(stack.emulator.calls.count('GetResource')).toBe(1);
  });
});

describe('with the cache off (CACHE_TTL_SECONDS=0)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '0' } });
  });
  afterAll(() => stack.close());

  it('every request that needs a pipeline reads it', async () => {
    for (let i = 0; i < 3; i++) await stack.gql(NAME, { arn: DEMO.golden });
    await stack.gql(LIST);
    await stack.gql(LIST);
    expect(stack.emulator.calls.count('GetResource')).toBe(3);
    expect(stack.emulator.calls.count('ListResources')).toBe(2);
  });
});

describe('with a cache (CACHE_TTL_SECONDS=60)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '60', WRITE_POLL_MS: '20' } });
  });
  afterAll(() => stack.close());
  // The emulator's data is not reset between tests (it would change behind the cache): each test
  // reads pipelines no earlier one did, and counts only its own calls.
  beforeEach(() => stack.emulator.calls.reset());

  it('serves a repeated read without calling Cloud Control', async () => {
    const first = await stack.gql(NAME, { arn: DEMO.nginx });
    const second = await stack.gql(NAME, { arn: DEMO.nginx });
    expect(second.body).toEqual(first.body);
    expect(stack.emulator.calls.count('GetResource')).toBe(1);
    expect(await stack.metric('upstream_reads_total', { operation: 'GetResource', source: 'cache' })).toBeGreaterThanOrEqual(1);
  });

  it('reads again after an update through the gateway, and sees the new state', async () => {
    await stack.gql(NAME, { arn: DEMO.golden });
    await stack.gql(NAME, { arn: DEMO.golden });
    expect(stack.emulator.calls.count('GetResource')).toBe(1);

    const { body } = await stack.gql(UPDATE, { input: { arn: DEMO.golden, changes: { description: 'Rebuilt nightly.' }, wait: true } });
    expect(body.data!.updateImagePipeline).toEqual({
      __typename: 'ImagePipelineWritePayload',
      request: { requestToken: expect.any(String), status: 'SUCCESS' },
      imagePipeline: { description: 'Rebuilt nightly.' },
    });
    const after = await stack.gql(NAME, { arn: DEMO.golden });
    expect(after.body.data!.imagePipeline.description).toBe('Rebuilt nightly.');
    // The update's own validation read was served from the cache; the payload's read went
    // upstream, after the write had succeeded, and the next request was served what it read.
    expect(stack.emulator.calls.count('GetResource')).toBe(2);
  });

  it('reads again at submission, and again when a write followed with resourceRequest is seen to succeed', async () => {
    await stack.gql(NAME, { arn: DEMO.windows });
    const { body } = await stack.gql(UPDATE, { input: { arn: DEMO.windows, changes: { description: 'Patched.' } } });
    const { requestToken, status } = body.data!.updateImagePipeline.request;
    expect(status).toBe('IN_PROGRESS');
    // Accepted, not yet applied: this read goes upstream and may still see the old state.
    await stack.gql(NAME, { arn: DEMO.windows });
    expect(stack.emulator.calls.count('GetResource')).toBe(2);
    await until(async () => {
      const followed = await stack.gql(`{ resourceRequest(requestToken: "${requestToken}", region: "us-east-1") { status } }`);
      return followed.body.data!.resourceRequest.status === 'SUCCESS';
    });
    const after = await stack.gql(NAME, { arn: DEMO.windows });
    expect(after.body.data!.imagePipeline.description).toBe('Patched.');
    expect(stack.emulator.calls.count('GetResource')).toBe(3);
  });

  it('reads again after a delete through the gateway, and sees it gone; not-found is never kept', async () => {
    await stack.gql(NAME, { arn: DEMO.ubuntu });
    const { body } = await stack.gql(DELETE, { input: { arn: DEMO.ubuntu, wait: true } });
    expect(body.data!.deleteImagePipeline.request.status).toBe('SUCCESS');
    expect((await stack.gql(NAME, { arn: DEMO.ubuntu })).body.data).toEqual({ imagePipeline: null });
    expect((await stack.gql(NAME, { arn: DEMO.ubuntu })).body.data).toEqual({ imagePipeline: null });
    expect(stack.emulator.calls.count('GetResource')).toBe(3);
  });

  it('lists again after a create through the gateway, and lists the new pipeline', async () => {
    const before = await stack.gql(LIST);
    await stack.gql(LIST);
    expect(stack.emulator.calls.count('ListResources')).toBe(1);
    const { body } = await stack.gql(CREATE, {
      input: {
        name: 'payments-api',
        imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/payments-api/2.1.0',
        infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
        wait: true,
      },
    });
    expect(body.data!.createImagePipeline.request.status).toBe('SUCCESS');
    const after = await stack.gql(LIST);
    expect(after.body.data!.imagePipelines.nodes.length).toBe(before.body.data!.imagePipelines.nodes.length + 1);
    expect(after.body.data!.imagePipelines.nodes.map((node: { arn: string }) => node.arn)).toContain(
      body.data!.createImagePipeline.request.identifier,
    );
    expect(stack.emulator.calls.count('ListResources')).toBe(2);
  });

  it('keeps nothing a write nobody follows may change until it is seen to finish, so no read is served old after it', async () => {
    const arn = DEMO.euGolden;
    // The write finishes when the test completes it, so the read made while it runs surely precedes its end.
    stack.emulator.configure({ writeDelayMs: 600_000 });
    await stack.gql(NAME, { arn });
    const { body } = await stack.gql(UPDATE, { input: { arn, changes: { description: 'Changed while nobody looked.' } } });
    expect(body.data!.updateImagePipeline.request.status).toBe('IN_PROGRESS');
    // While the write runs, a read goes upstream and sees the old state ...
    const during = await stack.gql(NAME, { arn });
    expect(during.body.data!.imagePipeline.description).not.toBe('Changed while nobody looked.');
    // ... and is not kept: the write finishes without anyone asking the gateway about it.
    const [request] = storedRequests(stack.emulator, 'eu-west-1');
    stack.emulator.completeRequests(request!.requestToken);
    const after = await stack.gql(NAME, { arn });
    expect(after.body.data!.imagePipeline.description).toBe('Changed while nobody looked.');
    expect(stack.emulator.calls.count('GetResource')).toBe(3);

    // Once a listing of requests shows the write finished, reads are kept again.
    await stack.gql('{ resourceRequests(region: "eu-west-1") { nodes { status } } }');
    await stack.gql(NAME, { arn });
    await stack.gql(NAME, { arn });
    expect(stack.emulator.calls.count('GetResource')).toBe(4);

    // A retry of the write, answered with the finished request, leaves nothing unfinished either.
    const other = 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/java-service-container';
    const retried = await stack.gql(UPDATE, { input: { arn: other, clientToken: 'unfollowed-1', changes: { description: 'Once.' } } });
    const [again] = storedRequests(stack.emulator, 'eu-west-1');
    stack.emulator.completeRequests(again!.requestToken);
    expect(retried.body.data!.updateImagePipeline.request.status).toBe('IN_PROGRESS');
    const final = await stack.gql(UPDATE, { input: { arn: other, clientToken: 'unfollowed-1', changes: { description: 'Once.' } } });
    expect(final.body.data!.updateImagePipeline).toMatchObject({ request: { status: 'SUCCESS' }, imagePipeline: { description: 'Once.' } });
    // The payload's read, made once the write was known to be finished, is kept and serves both.
    stack.emulator.calls.reset();
    expect((await stack.gql(NAME, { arn: other })).body.data!.imagePipeline.description).toBe('Once.');
    await stack.gql(NAME, { arn: other });
    expect(stack.emulator.calls.count('GetResource')).toBe(0);
    stack.emulator.configure({ writeDelayMs: 50 });
  });

  it('keeps what it holds when a write is refused: a refused write changed nothing', async () => {
    const arn = 'arn:aws:imagebuilder:ap-southeast-2:123456789012:image-pipeline/analytics-worker';
    await stack.gql(NAME, { arn });
    stack.emulator.configure({ faults: { denyOperations: ['UpdateResource'] } });
    try {
      const { body } = await stack.gql(UPDATE, { input: { arn, changes: { description: 'Denied.' } } });
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      stack.emulator.configure({ faults: { denyOperations: [] } });
    }
    await stack.gql(NAME, { arn });
    await stack.gql(NAME, { arn });
    // The first read, and the update's own check of the pipeline, were served from the cache.
    expect(stack.emulator.calls.count('GetResource')).toBe(1);
  });

  it('keeps no failure: the read after a failed one calls again', async () => {
    stack.emulator.configure({ faults: { failureRate: 1, identifiers: [DEMO.euRhel] } });
    const failed = await stack.gql(NAME, { arn: DEMO.euRhel });
    expect(failed.body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const attempts = stack.emulator.calls.count('GetResource');
    stack.emulator.configure({ faults: { failureRate: 0, identifiers: [] } });
    const recovered = await stack.gql(NAME, { arn: DEMO.euRhel });
    expect(recovered.body.data!.imagePipeline.name).toBe('rhel-9-stig');
    expect(stack.emulator.calls.count('GetResource')).toBe(attempts + 1);
  });
});

describe('the cache and AWS identities', () => {
  it('never serves one identity what another read', async () => {
    // A provider whose identity the test switches, as after a credential refresh to another
    // principal; credentials about to expire make the SDK ask the provider on every call.
    let accessKeyId = 'AKIDIDENTITYONE';
    const credentials = async (): Promise<AwsCredentialIdentity> => ({
      accessKeyId,
      secretAccessKey: 'identity-test-secret',
      expiration: new Date(Date.now() + 60_000),
    });
    const stack = await startStack({ env: { CACHE_TTL_SECONDS: '60' }, credentials });
    try {
      const read = async () => (await stack.gql(NAME, { arn: DEMO.golden })).body.data!.imagePipeline.name;
      expect(await read()).toBe('amazon-linux-2023-golden');
      expect(await read()).toBe('amazon-linux-2023-golden');
      expect(stack.emulator.calls.count('GetResource')).toBe(1);
      accessKeyId = 'AKIDIDENTITYTWO';
      await read();
      expect(stack.emulator.calls.count('GetResource')).toBe(2);
      await read();
      accessKeyId = 'AKIDIDENTITYONE';
      await read();
      expect(stack.emulator.calls.count('GetResource')).toBe(2);
      // The key ids appear nowhere the gateway writes.
      const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
      expect(`${stack.logs.join('')}${metrics}`).not.toMatch(/AKIDIDENTITY/);
    } finally {
      await stack.close();
    }
  });
});
