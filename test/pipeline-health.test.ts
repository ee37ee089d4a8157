import { subscribe } from './support/sse';
import { DEMO, type Stack, startStack } from './support/stack';

/**
 * A pipeline's health (lastRunStatus, consecutiveFailures, nextRunAt, createdAt, updatedAt,
 * platform) from Image Builder's own API, over HTTP against the emulator: read only when
 * selected, batched per account and region, ten pipelines a ListImagePipelines call.
 */
const NEW_PIPELINE = {
  name: 'Payments API',
  imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/payments-api/2.1.0',
  infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
};
const EKS = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/eks-node-al2023';
const HEALTH = 'lastRunStatus consecutiveFailures nextRunAt createdAt updatedAt platform';

describe('the health of a 100-row dashboard', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { fleet: { 'us-east-1': 100 } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('costs at most ten ListImagePipelines calls beyond its listing, and no GetResource', async () => {
    const requests = { service: 'imagebuilder', operation: 'ListImagePipelines', outcome: 'success' };
    const reads = { service: 'imagebuilder', operation: 'ListImagePipelines', resource: 'ImagePipeline', source: 'upstream' };
    const before = { requests: await stack.metric('upstream_requests_total', requests), reads: await stack.metric('upstream_reads_total', reads) };
    const { body } = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 100) { nodes { arn ${HEALTH} } } }`);
    expect(body.errors).toBeUndefined();
    const rows = body.data!.imagePipelines.nodes as Record<string, unknown>[];
    expect(rows).toHaveLength(100);
    expect(stack.emulator.calls.count('ListImagePipelines')).toBeLessThanOrEqual(10);
    expect(stack.emulator.calls.count('GetImagePipeline')).toBe(0);
    // Only health and the ARN were selected: no pipeline model is read.
    expect(stack.emulator.calls.count('GetResource')).toBe(0);
    expect(stack.emulator.calls.count()).toBe(stack.emulator.calls.count('ListResources') + stack.emulator.calls.count('ListImagePipelines'));
    for (const row of rows) expect(row).toMatchObject({ platform: 'LINUX', createdAt: expect.any(String), updatedAt: expect.any(String) });
    const golden = rows.find((row) => row.arn === DEMO.golden);
    const eks = rows.find((row) => row.arn === EKS);
    // The demo history: golden has a build under way; eks failed its last scheduled run.
    expect(golden).toMatchObject({ lastRunStatus: 'BUILDING', consecutiveFailures: 0, nextRunAt: expect.any(String) });
    expect(eks).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 1 });
    expect(rows.filter((row) => (row.arn as string).includes('/fleet-node-')).every((row) => row.lastRunStatus === null && row.consecutiveFailures === 0)).toBe(true);
    // /metrics labels them by service and operation: ten calls, a hundred reads answered by them.
    const calls = stack.emulator.calls.count('ListImagePipelines');
    expect((await stack.metric('upstream_requests_total', requests)) - before.requests).toBe(calls);
    expect((await stack.metric('upstream_reads_total', reads)) - before.reads).toBe(100);
  });

  it('fails only the rows of a call that failed: the other calls of the batch still answer theirs', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['ListImagePipelines'], maxFaults: 1 } });
    const { body } = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 20) { nodes { arn lastRunStatus consecutiveFailures } } }`);
    const rows = body.data!.imagePipelines.nodes as { consecutiveFailures: number | null }[];
    expect(rows).toHaveLength(20);
    expect(stack.emulator.calls.calls('ListImagePipelines').map((call) => call.outcome).sort()).toEqual(['ForbiddenException', 'ok']);
    // Ten rows asked in the denied call, each with its two fields failed; the other ten answered.
    expect(rows.filter((row) => row.consecutiveFailures === null)).toHaveLength(10);
    expect(body.errors!).toHaveLength(20);
    expect(new Set(body.errors!.map((error) => error.extensions!.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it('with the pipelines’ models too, costs the listing’s reads and the same ten calls', async () => {
    const { body } = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 100) { nodes { name status ${HEALTH} } } }`);
    expect(body.errors).toBeUndefined();
    expect(stack.emulator.calls.count('GetResource')).toBe(100);
    expect(stack.emulator.calls.count('ListImagePipelines')).toBeLessThanOrEqual(10);
  });
});

describe('the health of a pipeline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('is read only when selected', async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.windows}") { name status } }`);
    expect(body.data!.imagePipeline).toEqual({ name: 'windows-server-2022-base', status: 'DISABLED' });
    expect(stack.emulator.calls.count('ListImagePipelines')).toBe(0);
  });

  it('answers what Image Builder says, one call for every field of it', async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.windows}") { name ${HEALTH} } }`);
    // Disabled, so no next run; its failed manual run left the count at 0.
    expect(body.data!.imagePipeline).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 0, nextRunAt: null, platform: 'WINDOWS' });
    expect(stack.emulator.calls.count('ListImagePipelines')).toBe(1);
  });

  it('is null for a pipeline Image Builder does not know', async () => {
    const where = { accountId: '123456789012', region: 'us-east-1' };
    const [known, unknown] = await Promise.all(await stack.upstream.imageBuilder.pipelineHealth(where, [DEMO.golden, DEMO.missing]));
    expect(known).toMatchObject({ arn: DEMO.golden, lastRunStatus: 'BUILDING' });
    expect(unknown).toBeNull();
    // One filtered list for both; the one it left out is asked for by ARN (its name may differ from its ARN's).
    expect(stack.emulator.calls.count('ListImagePipelines')).toBe(1);
    expect(stack.emulator.calls.calls('GetImagePipeline').map((call) => call.identifier)).toEqual([DEMO.missing]);
  });

  it('fails only its own fields when Image Builder denies the read', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['ListImagePipelines'] } });
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name status lastRunStatus consecutiveFailures } }`);
    expect(body.data!.imagePipeline).toEqual({ name: 'amazon-linux-2023-golden', status: 'ENABLED', lastRunStatus: null, consecutiveFailures: null });
    expect(body.errors!.map((error) => [error.path, error.extensions!.code])).toEqual([
      [['imagePipeline', 'lastRunStatus'], 'FORBIDDEN'],
      [['imagePipeline', 'consecutiveFailures'], 'FORBIDDEN'],
    ]);
    expect(body.errors![0]!.extensions!.requiredPermissions).toEqual(['imagebuilder:ListImagePipelines']);
  });

  it('fails only its own fields when Image Builder throttles the read', async () => {
    // One call a bucket that refills in 1000 s: the first read takes it, the second is throttled through the SDK's retries.
    stack.emulator.configure({ faults: { ratePerSecond: 0.001, rateBurst: 1, operations: ['ListImagePipelines'] } });
    const first = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { lastRunStatus } }`);
    expect(first.body).toEqual({ data: { imagePipeline: { lastRunStatus: 'BUILDING' } } });
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.ubuntu}") { name lastRunStatus } }`);
    expect(body.data!.imagePipeline).toEqual({ name: 'ubuntu-22-04-cis-hardened', lastRunStatus: null });
    expect(body.errors!.map((error) => [error.path, error.extensions!.code])).toEqual([[['imagePipeline', 'lastRunStatus'], 'THROTTLED']]);
  });

  it('reads a pipeline whose name its ARN does not spell (capitals, spaces) by ARN', async () => {
    const arn = await createPaymentsApi(stack);
    const { body } = await stack.gql(`{ imagePipeline(arn: "${arn}") { name lastRunStatus consecutiveFailures platform } }`);
    expect(body).toEqual({ data: { imagePipeline: { name: 'Payments API', lastRunStatus: null, consecutiveFailures: 0, platform: 'LINUX' } } });
    // The name filter ("payments-api") misses "Payments API", which is then read by its ARN.
    expect(stack.emulator.calls.count('ListImagePipelines')).toBe(1);
    expect(stack.emulator.calls.calls('GetImagePipeline').map((call) => call.identifier)).toEqual([arn]);
  });

  it('counts each call against MAX_UPSTREAM_KEYS as it is made, whatever the estimate assumed', async () => {
    const tight = await startStack({ env: { MAX_UPSTREAM_KEYS: '2' } });
    try {
      const arn = await createPaymentsApi(tight);
      // Estimated at two calls (the model, then the health), it takes three: the third is refused, and fails only its field.
      const { body } = await tight.gql(`{ imagePipeline(arn: "${arn}") { name lastRunStatus } }`);
      expect(body.data!.imagePipeline).toEqual({ name: 'Payments API', lastRunStatus: null });
      expect(body.errors!.map((error) => [error.path, error.extensions!.code, error.extensions!.limit])).toEqual([
        [['imagePipeline', 'lastRunStatus'], 'LIMIT_EXCEEDED', 'MAX_UPSTREAM_KEYS'],
      ]);
      expect(body.errors![0]!.message).toMatch(/GetImagePipeline in us-east-1 was not made/);
      expect(tight.emulator.calls.count('ListImagePipelines')).toBe(1);
      expect(tight.emulator.calls.count('GetImagePipeline')).toBe(0);
    } finally {
      await tight.close();
    }
  });
});

/** Creates a pipeline named "Payments API", whose ARN spells it payments-api; returns its ARN, with the call log reset. */
async function createPaymentsApi(stack: Stack): Promise<string> {
  const { body } = await stack.gql(
    `mutation($input: CreateImagePipelineInput!) { createImagePipeline(input: $input) { ... on ImagePipelineWritePayload { request { status identifier } } } }`,
    { input: { ...NEW_PIPELINE, wait: true } },
  );
  expect(body.data!.createImagePipeline.request).toEqual({ status: 'SUCCESS', identifier: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/payments-api' });
  stack.emulator.calls.reset();
  return body.data!.createImagePipeline.request.identifier as string;
}

describe('the health of a pipeline a write is changing', () => {
  it('is read again at each event of the write’s subscription: the update resets its consecutive failures', async () => {
    const stack = await startStack({ env: { WRITE_POLL_MS: '20' }, emulator: { settings: { writeDelayMs: 600_000 } } });
    try {
      const { body } = await stack.gql(
        `mutation { updateImagePipeline(input: { arn: "${DEMO.ubuntu}", changes: { description: "Reset" } }) { ... on ImagePipelineWritePayload { request { requestToken } } } }`,
      );
      const { requestToken } = body.data!.updateImagePipeline.request;
      const stream = await subscribe(stack.url, `subscription($t: String!) { resourceRequest(requestToken: $t, region: "us-east-1") { status imagePipeline { consecutiveFailures } } }`, { t: requestToken });
      expect((await stream.next())!.data!.resourceRequest).toEqual({ status: 'IN_PROGRESS', imagePipeline: { consecutiveFailures: 2 } });
      stack.emulator.completeRequests(requestToken);
      expect((await stream.rest()).map((result) => result.data!.resourceRequest)).toEqual([{ status: 'SUCCESS', imagePipeline: { consecutiveFailures: 0 } }]);
    } finally {
      await stack.close();
    }
  });
});
