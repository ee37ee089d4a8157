import { DEMO, type Stack, startStack } from './support/stack';

/**
 * A pipeline's images (ListImagePipelineImages): a Relay connection, newest first, exactly
 * `first` across the service's pages of 25, with signed cursors; `latestImage`; an Image is a
 * Node that node(id:) reads with GetImage.
 */
const BASTION = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/bastion-host-minimal';
const PLACE = { account: '123456789012', region: 'us-east-1' };
const IMAGES = `query($arn: String!, $first: Int, $after: String, $filter: ImageFilter) {
  imagePipeline(arn: $arn) { images(first: $first, after: $after, filter: $filter) { edges { cursor node { arn createdAt } } pageInfo { hasNextPage endCursor } } }
}`;

interface Page {
  edges: { cursor: string; node: { arn: string; createdAt: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

async function walk(stack: Stack, arn: string, first: number, filter?: Record<string, string[]>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const { body } = await stack.gql(IMAGES, { arn, first, after, filter });
    expect(body.errors).toBeUndefined();
    const page: Page = body.data!.imagePipeline.images;
    if (page.pageInfo.hasNextPage) expect(page.edges).toHaveLength(first);
    else expect(page.edges.length).toBeLessThanOrEqual(first);
    seen.push(...page.edges.map((edge) => edge.node.arn));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe("a pipeline's images", () => {
  let stack: Stack;
  let expected: string[];
  beforeAll(async () => {
    stack = await startStack({ emulator: { settings: { imageStepMs: 600_000 } } });
    // Thirty scheduled runs beside its three past builds: two service pages of 25.
    for (let run = 0; run < 30; run++) stack.emulator.advanceImages(stack.emulator.runSchedule(BASTION).arn);
    expected = stack.emulator.images.ofPipeline(PLACE, BASTION).map((image) => image.arn);
    expect(expected).toHaveLength(33);
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.calls.reset());

  it.each([1, 7, 24, 26, 100])('are walked to the end with first = %i, each once, newest first', async (first) => {
    expect(await walk(stack, BASTION, first)).toEqual(expected);
  });

  it('read only the service pages they need: walked 25 at a time, each service page once', async () => {
    expect(await walk(stack, BASTION, 25)).toEqual(expected);
    expect(stack.emulator.calls.count('ListImagePipelineImages')).toBe(2);
    stack.emulator.calls.reset();
    // Five from the start lie in the first service page, and it says more follow.
    const { body } = await stack.gql(IMAGES, { arn: BASTION, first: 5 });
    expect(body.data!.imagePipeline.images.pageInfo.hasNextPage).toBe(true);
    expect(stack.emulator.calls.count('ListImagePipelineImages')).toBe(1);
  });

  it('filter by name and version as Image Builder does, with cursors of their own', async () => {
    const builds = ['arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0/5', 'arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0/2'];
    expect(await walk(stack, DEMO.golden, 1, { versions: ['3.2.0/2', '3.2.0/5'] })).toEqual(builds);
    expect(await walk(stack, DEMO.golden, 4, { names: ['al2023-golden'], versions: ['3.2.0'] })).toHaveLength(6);
    expect(await walk(stack, DEMO.golden, 4, { names: ['al2023-other'] })).toEqual([]);
    const { body } = await stack.gql(IMAGES, { arn: DEMO.golden, first: 1, filter: { versions: ['3.2.0'] } });
    const cursor = body.data!.imagePipeline.images.pageInfo.endCursor;
    stack.emulator.calls.reset();
    for (const [arn, filter] of [
      [DEMO.golden, undefined],
      [BASTION, { versions: ['3.2.0'] }],
    ] as const) {
      const refused = await stack.gql(IMAGES, { arn, first: 1, after: cursor, filter });
      expect(refused.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    const tooMany = await stack.gql(IMAGES, { arn: DEMO.golden, first: 1, filter: { names: Array.from({ length: 11 }, (_, i) => `n${i}`) } });
    expect(tooMany.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.names' });
    expect(stack.emulator.calls.count('ListImagePipelineImages')).toBe(0);
  });

  it('give the latest image from the same first page, and each image is a node that node(id:) reads with GetImage', async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") {
      latestImage { id arn name version type platform osVersion buildType imageSource state { status reason } createdAt outputResources { amis { region image name accountId } containers { region imageUris } } }
      images(first: 3) { nodes { id arn } } } }`);
    expect(body.errors).toBeUndefined();
    const { latestImage, images } = body.data!.imagePipeline;
    expect(stack.emulator.calls.count('ListImagePipelineImages')).toBe(1);
    expect(latestImage).toMatchObject({
      arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0/6',
      name: 'al2023-golden',
      version: '3.2.0/6',
      type: 'AMI',
      platform: 'LINUX',
      buildType: 'USER_INITIATED',
      state: { status: 'BUILDING', reason: null },
      outputResources: { amis: [], containers: [] },
    });
    expect(images.nodes[0]).toEqual({ id: latestImage.id, arn: latestImage.arn });
    const built = images.nodes[1];
    const node = await stack.gql(`query($id: ID!) { node(id: $id) { id ... on Image { arn state { status } outputResources { amis { region image } } } } }`, { id: built.id });
    expect(node.body.data!.node).toMatchObject({ id: built.id, arn: built.arn, state: { status: 'AVAILABLE' }, outputResources: { amis: expect.arrayContaining([{ region: 'us-east-1', image: expect.stringMatching(/^ami-/) }]) } });
    expect(stack.emulator.calls.calls('GetImage').map((call) => call.identifier)).toEqual([built.arn]);
  });

  it('of a container recipe are its container images', async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.nginx}") { latestImage { type outputResources { amis { image } containers { region imageUris } } } } }`);
    expect(body.data!.imagePipeline.latestImage).toMatchObject({
      type: 'DOCKER',
      outputResources: { amis: [], containers: [{ region: 'us-east-1', imageUris: [expect.stringContaining('.dkr.ecr.us-east-1.amazonaws.com/edge/nginx:')] }, expect.anything()] },
    });
  });

  it('refuse an image id or ARN that is not a build version, before any call', async () => {
    const id = Buffer.from('Image:arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0').toString('base64');
    const { body } = await stack.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});
