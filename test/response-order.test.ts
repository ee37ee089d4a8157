import { DEMO, type Stack, startStack } from './support/stack';

/**
 * The GraphQL spec's Serialized Map Ordering: each object of a response lists its fields in the
 * order the query selected them, whichever resolved first (here: fields answered from the list
 * row, from a Cloud Control read, from an Image Builder batch and from a related resource).
 */
describe('the order of fields in a response', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('is the order of the query, at every level and for every row', async () => {
    const { body } = await stack.gql(`{
      second: imagePipeline(arn: "${DEMO.golden}") { consecutiveFailures name }
      first: imagePipelines(region: "us-east-1", first: 5) {
        nodes { lastRunStatus imageRecipe { version name } name description consecutiveFailures arn latestImage { state { status } version } status }
        pageInfo { hasNextPage }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data!)).toEqual(['second', 'first']);
    expect(Object.keys(body.data!.second)).toEqual(['consecutiveFailures', 'name']);
    expect(Object.keys(body.data!.first)).toEqual(['nodes', 'pageInfo']);
    const rows = body.data!.first.nodes as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['lastRunStatus', 'imageRecipe', 'name', 'description', 'consecutiveFailures', 'arn', 'latestImage', 'status']);
      if (row.imageRecipe) expect(Object.keys(row.imageRecipe)).toEqual(['version', 'name']);
      if (row.latestImage) expect(Object.keys(row.latestImage)).toEqual(['state', 'version']);
    }
  });
});
