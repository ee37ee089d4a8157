import { ImagebuilderClient, ListImagePipelinesCommand } from '@aws-sdk/client-imagebuilder';
import { type Stack, startStack, TEST_CREDENTIALS } from './support/stack';

/**
 * imagePipelines(filter: { status }): Image Builder filters by status itself (ListImagePipelines),
 * so the listing costs its pages, not a GetResource per pipeline of the region, and each row's
 * health comes with it.
 */
const LIST = `query($first: Int, $after: String, $status: ImagePipelineStatus) {
  imagePipelines(region: "us-east-1", first: $first, after: $after, filter: { status: $status }) {
    edges { node { arn lastRunStatus consecutiveFailures platform } } pageInfo { hasNextPage endCursor }
  }
}`;

interface Connection {
  edges: { node: { arn: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function walk(stack: Stack, status: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const { body } = await stack.gql<{ imagePipelines: Connection }>(LIST, { first, after, status });
    expect(body.errors).toBeUndefined();
    const connection: Connection = body.data!.imagePipelines;
    const { edges, pageInfo } = connection;
    if (pageInfo.hasNextPage) expect(edges).toHaveLength(first);
    for (const { node } of edges) expect(node).toMatchObject({ platform: expect.any(String), consecutiveFailures: expect.any(Number) });
    seen.push(...edges.map((edge) => edge.node.arn));
    if (!pageInfo.hasNextPage) return seen;
    after = pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('pipelines by status', () => {
  let stack: Stack;
  let client: ImagebuilderClient;
  /** What Image Builder itself lists in a status, page after page. */
  const listed = async (status: string) => {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListImagePipelinesCommand({ filters: [{ name: 'status', values: [status] }], nextToken }));
      arns.push(...(page.imagePipelineList ?? []).map((pipeline) => pipeline.arn!));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  };

  beforeAll(async () => {
    stack = await startStack({ emulator: { fleet: { 'us-east-1': 40 } } });
    client = new ImagebuilderClient({ region: 'us-east-1', endpoint: stack.emulator.url, credentials: TEST_CREDENTIALS });
  });
  afterAll(async () => {
    client.destroy();
    await stack.close();
  });
  beforeEach(() => stack.emulator.calls.reset());

  it.each([1, 7, 25, 26, 100])('pages exactly with first = %i, each pipeline in the status once', async (first) => {
    const enabled = await listed('ENABLED');
    expect(enabled.length).toBeGreaterThan(25);
    stack.emulator.calls.reset();
    expect(await walk(stack, 'ENABLED', first)).toEqual(enabled);
    // Image Builder's pages only: no Cloud Control call, and the rows' health came with them.
    expect(stack.emulator.calls.count('GetResource')).toBe(0);
    expect(stack.emulator.calls.count('ListResources')).toBe(0);
    expect(stack.emulator.calls.count()).toBe(stack.emulator.calls.count('ListImagePipelines'));
  });

  it("reads each of its service pages once, walked 25 at a time, and nothing more for the rows' health", async () => {
    const enabled = await listed('ENABLED');
    stack.emulator.calls.reset();
    await walk(stack, 'ENABLED', 25);
    expect(stack.emulator.calls.count('ListImagePipelines')).toBe(Math.ceil(enabled.length / 25));
  });

  it('reads the models of the rows it returns only, when their fields are selected', async () => {
    const { body } = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 10, filter: { status: DISABLED }) { nodes { arn name status lastRunStatus } } }`);
    const rows = body.data!.imagePipelines.nodes;
    expect(rows).toEqual((await listed('DISABLED')).map((arn) => expect.objectContaining({ arn, status: 'DISABLED' })));
    expect(rows.length).toBeGreaterThan(0);
    expect(stack.emulator.calls.count('GetResource')).toBe(rows.length);
  });

  it("refuses another list's cursor", async () => {
    const { body } = await stack.gql(`{ imagePipelines(region: "us-east-1", first: 1) { pageInfo { endCursor } } }`);
    const after = body.data!.imagePipelines.pageInfo.endCursor;
    stack.emulator.calls.reset();
    const refused = await stack.gql(LIST, { first: 1, after, status: 'ENABLED' });
    expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});
