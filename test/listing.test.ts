import { DEMO, type Stack, startStack } from './support/stack';
import { until } from './support/until';
import { storedPipeline, storedPipelineArns } from './support/emulator';

interface Connection {
  edges: { cursor: string; node: { arn: string; name?: string; status?: string; id?: string } }[];
  nodes: { arn: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const PAGE_SIZE = 4;

async function walk(stack: Stack, first: number, fields = 'arn', region = 'us-east-1'): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard++) {
    const { body } = await stack.gql<{ imagePipelines: Connection }>(
      `query($region: String, $first: Int, $after: String) { imagePipelines(region: $region, first: $first, after: $after) {
         edges { cursor node { ${fields} } } pageInfo { hasNextPage endCursor } } }`,
      { region, first, after },
    );
    expect(body.errors).toBeUndefined();
    const connection: Connection = body.data!.imagePipelines;
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    if (connection.pageInfo.hasNextPage) expect(connection.edges).toHaveLength(first);
    seen.push(...connection.edges.map((edge) => edge.node.arn));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe.each(['identifier', 'full'] as const)('listing with %s list properties', (listProperties) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { fleet: { 'us-east-1': 23 }, settings: { pageSize: PAGE_SIZE, listProperties } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it.each([1, 7, 100])('visits every pipeline exactly once with first = %i', async (first) => {
    const expected = storedPipelineArns(stack.emulator, 'us-east-1');
    expect(expected.length).toBe(31);
    const seen = await walk(stack, first);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each([PAGE_SIZE, PAGE_SIZE * 2])(
    'walked to the end with first = %i, which ends windows on service page boundaries, reads each service page once',
    async (first) => {
      const pipelines = storedPipelineArns(stack.emulator, 'us-east-1').length;
      const seen = await walk(stack, first);
      expect(seen).toHaveLength(pipelines);
      // A window that ends with a service page resumes at the next page, not at the exhausted one.
      expect(stack.emulator.calls.count('ListResources')).toBe(Math.ceil(pipelines / PAGE_SIZE));
    },
  );

  it('reads only the service pages it needs', async () => {
    // 7 rows from the start span the service's first two pages of 4; hasNextPage comes from the second.
    await stack.gql('{ imagePipelines(first: 7) { edges { node { arn } } pageInfo { hasNextPage } } }');
    expect(stack.emulator.calls.count('ListResources')).toBe(2);
  });

  it('costs no GetResource when only arn and id are selected', async () => {
    const { body } = await stack.gql('{ imagePipelines(first: 10) { edges { node { id arn region accountId } } } }');
    expect(body.data!.imagePipelines.edges).toHaveLength(10);
    expect(stack.emulator.calls.count('GetResource')).toBe(0);
  });

  it(`costs ${listProperties === 'full' ? 'no GetResource' : 'one GetResource per row'} for a page with details`, async () => {
    const { body } = await stack.gql('{ imagePipelines(first: 9) { nodes { arn name status schedule { scheduleExpression } tags { key } } } }');
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.imagePipelines.nodes as { arn: string; name: string }[];
    expect(nodes).toHaveLength(9);
    for (const node of nodes) expect(node.name).toBe(storedPipeline(stack.emulator, node.arn)!.Name);
    const reads = stack.emulator.calls.calls('GetResource');
    if (listProperties === 'full') expect(reads).toHaveLength(0);
    else expect(reads.map((call) => call.identifier).sort()).toEqual(nodes.map((node) => node.arn).sort());
  });

  it('returns several regions aliased in one query, read in parallel', async () => {
    const hold = stack.emulator.hold({ operations: ['ListResources'] });
    const answer = stack.gql(`{
      east: imagePipelines(region: "us-east-1", first: 3) { nodes { arn region } }
      west: imagePipelines(region: "eu-west-1", first: 3) { nodes { arn region } }
      sydney: imagePipelines(region: "ap-southeast-2") { nodes { arn region } }
    }`);
    // The three lists are in flight at once.
    await hold.waitForHeld(3);
    hold.release();
    const { body } = await answer;
    expect(body.errors).toBeUndefined();
    expect(body.data!.east.nodes.map((n: { region: string }) => n.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    expect(body.data!.west.nodes.map((n: { arn: string }) => n.arn)).toEqual(storedPipelineArns(stack.emulator, 'eu-west-1').slice(0, 3));
    expect(body.data!.sydney.nodes).toHaveLength(1);
    const lists = stack.emulator.calls.calls('ListResources');
    expect(lists.map((call) => call.region).sort()).toEqual(['ap-southeast-2', 'eu-west-1', 'us-east-1']);
  });
});

describe('listing with identifier-only pages', () => {
  it('reads the details of a page of rows while the next page is still being read', async () => {
    const stack = await startStack({ emulator: { settings: { pageSize: PAGE_SIZE } } });
    try {
      const firstPage = stack.emulator.hold({ operations: ['ListResources'] });
      const answer = stack.gql(`{ imagePipelines(first: ${PAGE_SIZE * 2}) { edges { node { name } } } }`);
      await firstPage.waitForHeld(1);
      // Holds are taken in the order they were made: the second page's call waits on this one.
      const secondPage = stack.emulator.hold({ operations: ['ListResources'] });
      firstPage.release();
      await secondPage.waitForHeld(1);
      const firstPageRows = new Set(storedPipelineArns(stack.emulator, 'us-east-1').slice(0, PAGE_SIZE));
      const firstPageReads = () => stack.emulator.calls.calls('GetResource').filter((call) => firstPageRows.has(call.identifier!));
      // Every row of the first page is read while the second page is still unanswered.
      await until(() => firstPageReads().length === PAGE_SIZE, `the ${PAGE_SIZE} reads of the first page's rows`);
      expect(secondPage.held()).toBe(1);
      secondPage.release();
      const { body } = await answer;
      expect(body.errors).toBeUndefined();
      expect(firstPageReads()).toHaveLength(PAGE_SIZE);
    } finally {
      await stack.close();
    }
  });
});

describe('listing input', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { settings: { pageSize: PAGE_SIZE } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const expectRefused = async (query: string, variables: Record<string, unknown>, message: RegExp) => {
    const { body } = await stack.gql(query, variables);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body.errors![0]!.message).toMatch(message);
    expect(stack.emulator.calls.count()).toBe(0);
  };
  const LIST = 'query($first: Int, $after: String, $region: String) { imagePipelines(first: $first, after: $after, region: $region) { nodes { arn } } }';

  it('refuses a first above the documented maximum', async () => {
    await expectRefused(LIST, { first: 101 }, /first must be between 0 and 100; got 101/);
    await expectRefused(LIST, { first: -1 }, /first must be between 0 and 100; got -1/);
  });

  it('refuses forged, corrupt and foreign cursors', async () => {
    const { body } = await stack.gql('{ imagePipelines(first: 2) { pageInfo { endCursor } } }');
    const cursor = body.data!.imagePipelines.pageInfo.endCursor as string;
    stack.emulator.calls.reset();
    const [payload, signature] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify({ k: 'pipelines', r: 'us-east-1', t: 'x', o: 0 })).toString('base64url');
    await expectRefused(LIST, { after: `${forged}.${signature}` }, /not issued by this gateway or has been altered/);
    await expectRefused(LIST, { after: 'garbage' }, /after is not a valid cursor: it is malformed/);
    await expectRefused(LIST, { after: `${payload}` }, /malformed/);
    await expectRefused(LIST, { after: cursor, region: 'eu-west-1' }, /belongs to the list of region us-east-1, not eu-west-1/);
  });

  it('refuses a malformed region', async () => {
    await expectRefused(LIST, { region: 'mars' }, /region "mars" is not an AWS region code/);
  });
});

describe('Relay nodes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('round-trips an id from the list through node(id) and nodes(ids)', async () => {
    const list = await stack.gql('{ imagePipelines(region: "eu-west-1", first: 2) { nodes { id arn } } }');
    const [first, second] = list.body.data!.imagePipelines.nodes as { id: string; arn: string }[];
    const missingId = Buffer.from(`ImagePipeline:${DEMO.missing}`).toString('base64');
    const { body } = await stack.gql(
      `query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { id ... on ImagePipeline { arn region name } }
        nodes(ids: $ids) { ... on ImagePipeline { arn name } }
      }`,
      { id: first!.id, ids: [second!.id, missingId] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.node).toEqual({ id: first!.id, arn: first!.arn, region: 'eu-west-1', name: expect.any(String) });
    expect(body.data!.nodes).toEqual([{ arn: second!.arn, name: expect.any(String) }, null]);
  });

  it.each([
    ['a pipeline id whose ARN is malformed', Buffer.from('ImagePipeline:nope').toString('base64'), /arn "nope" is not an ARN/],
    ['an id of an unknown type', Buffer.from('Foo:bar').toString('base64'), /is not a node id of this API; use the id field of an object that implements Node \(ImagePipeline, ImageRecipe, /],
    ['an id that is not base64', 'zzz', /id "zzz" is not a node id of this API/],
  ])('refuses %s', async (_name, id, message) => {
    stack.emulator.calls.reset();
    const { body } = await stack.gql('query($id: ID!) { node(id: $id) { id } }', { id });
    expect(body.data).toEqual({ node: null });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body.errors![0]!.message).toMatch(message);
    expect(stack.emulator.calls.count()).toBe(0);
  });
});
