import { startStack, type Stack } from './support/stack';

/**
 * `upstream_reads_total` counts the reads a request needed, one per pipeline it needed whatever
 * served it, not every look into the cache its fields made while resolving.
 */
describe('read metrics count reads, not peeks', () => {
  const REGION = 'sa-east-1';
  const ROWS = 12;
  let stack: Stack;
  beforeAll(async () => {
    // Cached for a minute, so the second listing is served from the cache.
    stack = await startStack({ emulator: { fleet: { [REGION]: ROWS } }, env: { CACHE_TTL_SECONDS: '60' } });
  });
  afterAll(() => stack.close());

  const listing = `{ imagePipelines(region: "${REGION}", first: ${ROWS}) { edges { node {
    arn name description status schedule { scheduleExpression } imageRecipeArn infrastructureConfigurationArn
    enhancedImageMetadataEnabled tags { key value } workflows { workflowArn }
  } } } }`;
  const reads = (source?: string) => stack.metric('upstream_reads_total', { operation: 'GetResource', ...(source ? { source } : {}) });

  it('counts one GetResource read per listed row with details, cold and warm', async () => {
    const cold = await stack.gql(listing);
    expect(cold.body.errors).toBeUndefined();
    expect(cold.body.data!.imagePipelines.edges).toHaveLength(ROWS);
    // Cold: each row's model came from a call, and nothing else was counted.
    expect(await reads('upstream')).toBe(ROWS);
    expect(await reads()).toBe(ROWS);

    const warm = await stack.gql(listing);
    expect(warm.body.errors).toBeUndefined();
    expect(stack.emulator.calls.count('GetResource')).toBe(ROWS);
    // Warm: the cache served each row once, however many of its fields needed the model.
    expect(await reads('cache')).toBe(ROWS);
    expect(await reads()).toBe(2 * ROWS);
  });
});
