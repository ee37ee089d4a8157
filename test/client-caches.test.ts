import { DEMO, type Stack, startStack } from './support/stack';

/**
 * What normalised client caches (Relay, Apollo, urql graphcache) key on: every write names its
 * pipeline by the id lists give it, a delete names the id to drop, and a request is a node of
 * its own.
 */
const PAYLOAD = `__typename ... on ImagePipelineWritePayload { imagePipelineId deletedId request { id requestToken region status } imagePipeline { id } } ... on MutationError { message }`;
const CREATE = `mutation($input: CreateImagePipelineInput!) { createImagePipeline(input: $input) { ${PAYLOAD} } }`;
const UPDATE = `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) { ${PAYLOAD} } }`;
const DELETE = `mutation($input: DeleteImagePipelineInput!) { deleteImagePipeline(input: $input) { ${PAYLOAD} } }`;
const CANCEL = `mutation($input: CancelResourceRequestInput!) { cancelResourceRequest(input: $input) {
  __typename ... on CancelResourceRequestPayload { imagePipelineId request { id status } } ... on MutationError { message } } }`;

const idsInList = async (stack: Stack, region: string) => {
  const { body } = await stack.gql(`query($region: String!) { imagePipelines(region: $region, first: 100) { edges { node { id arn } } } }`, { region });
  return new Map((body.data!.imagePipelines.edges as { node: { id: string; arn: string } }[]).map(({ node }) => [node.arn, node.id]));
};

describe('write payloads name what they change', () => {
  let stack: Stack;
  let listed: Map<string, string>;
  beforeAll(async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '20' } });
  });
  afterAll(() => stack.close());
  beforeEach(async () => {
    stack.emulator.reset();
    listed = await idsInList(stack, 'us-east-1');
  });

  it('an update carries the id the list gave, whether or not it waited', async () => {
    // The waited write first: it has finished before the next one is sent, which would otherwise conflict with it.
    for (const wait of [true, false]) {
      const { body } = await stack.gql(UPDATE, { input: { arn: DEMO.golden, changes: { description: `wait ${wait}` }, wait } });
      const payload = body.data!.updateImagePipeline;
      expect(payload).toMatchObject({ __typename: 'ImagePipelineWritePayload', imagePipelineId: listed.get(DEMO.golden), deletedId: null });
      // A write that finished within the request returns the pipeline as it now is, by the same id.
      expect(payload.imagePipeline).toEqual(wait ? { id: listed.get(DEMO.golden) } : null);
    }
  });

  it('a delete carries deletedId, the id the list returned for that pipeline, as soon as Cloud Control takes it', async () => {
    const { body } = await stack.gql(DELETE, { input: { arn: DEMO.ubuntu } });
    const payload = body.data!.deleteImagePipeline;
    expect(payload.request.status).toBe('IN_PROGRESS');
    expect(payload.deletedId).toBe(listed.get(DEMO.ubuntu));
    expect(payload.imagePipelineId).toBe(payload.deletedId);

    const waited = (await stack.gql(DELETE, { input: { arn: DEMO.nginx, wait: true } })).body.data!.deleteImagePipeline;
    expect(waited).toMatchObject({ deletedId: listed.get(DEMO.nginx), request: { status: 'SUCCESS' }, imagePipeline: null });
    expect((await idsInList(stack, 'us-east-1')).has(DEMO.nginx)).toBe(false);
  });

  it('a create carries the id the new pipeline then lists with', async () => {
    const { body } = await stack.gql(CREATE, {
      input: {
        name: 'client-cache-demo',
        imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/payments-api/2.1.0',
        infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
        wait: true,
      },
    });
    const payload = body.data!.createImagePipeline;
    const after = await idsInList(stack, 'us-east-1');
    const arn = [...after.keys()].find((key) => key.endsWith('/client-cache-demo'))!;
    expect(payload).toMatchObject({ imagePipelineId: after.get(arn), deletedId: null, imagePipeline: { id: after.get(arn) } });
  });

  it('a cancel carries the id of the pipeline its write was changing', async () => {
    stack.emulator.configure({ writeDelayMs: 60_000 });
    const { request } = (await stack.gql(UPDATE, { input: { arn: DEMO.golden, changes: { description: 'to cancel' } } })).body.data!.updateImagePipeline;
    const { body } = await stack.gql(CANCEL, { input: { requestToken: request.requestToken, region: request.region } });
    expect(body.data!.cancelResourceRequest).toEqual({
      __typename: 'CancelResourceRequestPayload',
      imagePipelineId: listed.get(DEMO.golden),
      request: { id: request.id, status: 'CANCEL_COMPLETE' },
    });
  });
});

describe('a resource request is a node', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_REGIONS: 'us-east-1,eu-west-1', MAX_UPSTREAM_KEYS: '4', WRITE_POLL_MS: '20' } });
  });
  afterAll(() => stack.close());

  const write = async () => (await stack.gql(UPDATE, { input: { arn: DEMO.golden, changes: { description: 'as a node' }, wait: true } })).body.data!.updateImagePipeline;

  it('whose id node(id:) and nodes(ids:) resolve back to the request', async () => {
    const { request, imagePipelineId: pipelineId } = await write();
    const unknown = Buffer.from('ResourceRequest:123456789012/us-east-1/no-such-request').toString('base64');
    const { body } = await stack.gql(
      `query($id: ID!, $ids: [ID!]!) {
        node(id: $id) { __typename id ... on ResourceRequest { requestToken region status } }
        nodes(ids: $ids) { __typename id }
      }`,
      { id: request.id, ids: [pipelineId, request.id, unknown] },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.node).toEqual({ __typename: 'ResourceRequest', id: request.id, requestToken: request.requestToken, region: 'us-east-1', status: 'SUCCESS' });
    expect(body.data!.nodes).toEqual([{ __typename: 'ImagePipeline', id: pipelineId }, { __typename: 'ResourceRequest', id: request.id }, null]);
  });

  it.each([
    ['a region that is not one', 'ResourceRequest:123456789012/Frankfurt/abc', /id "Frankfurt" is not an AWS region code/],
    ['a region the gateway does not serve', 'ResourceRequest:123456789012/ap-southeast-2/abc', /region "ap-southeast-2" is not served by this gateway/],
    ['a malformed token', 'ResourceRequest:123456789012/us-east-1/not a token', /requestToken is not a Cloud Control request token/],
    ['no account', 'ResourceRequest:us-east-1/abc', /id is not a resource request id of this API/],
  ])('refuses an id with %s, before any call', async (_name, raw, message) => {
    stack.emulator.calls.reset();
    const { body } = await stack.gql('query($id: ID!) { node(id: $id) { id } }', { id: Buffer.from(raw).toString('base64') });
    expect(body.errors![0]!.message).toMatch(message);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('counts one status read per request id in the upstream-call estimate', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e'].map((token) => Buffer.from(`ResourceRequest:123456789012/us-east-1/${token}`).toString('base64'));
    stack.emulator.calls.reset();
    const over = await stack.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(over.body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS', estimate: 5 });
    expect(stack.emulator.calls.count()).toBe(0);
    const within = await stack.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ids.slice(0, 4) });
    expect(within.body).toEqual({ data: { nodes: [null, null, null, null] } });
    expect(stack.emulator.calls.count('GetResourceRequestStatus')).toBe(4);
  });
});
