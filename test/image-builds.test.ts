import { DEMO, type Stack, startStack } from './support/stack';

/**
 * Running a pipeline now (startImagePipelineExecution) and cancelling a build
 * (cancelImageCreation), through Image Builder's own API, against the emulator over HTTP. Builds
 * stay in each state until the test advances them (imageStepMs is ten minutes).
 */
const BASTION = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/bastion-host-minimal';
const PLACE = { account: '123456789012', region: 'us-east-1' };
const START = `mutation($input: StartImagePipelineExecutionInput!) { startImagePipelineExecution(input: $input) {
  __typename
  ... on StartImagePipelineExecutionPayload { imageBuildVersionArn clientToken imagePipelineId image { id arn state { status } } }
  ... on ConflictError { reason message }
  ... on NotFoundError { arn message }
  ... on ValidationError { problems { field rule message } }
} }`;
const CANCEL = `mutation($input: CancelImageCreationInput!) { cancelImageCreation(input: $input) {
  __typename
  ... on CancelImageCreationPayload { imageBuildVersionArn clientToken image { arn state { status } } }
  ... on ConflictError { reason message }
  ... on NotFoundError { arn message }
  ... on ValidationError { problems { field rule message } }
} }`;
const LATEST = `query($arn: String!) { imagePipeline(arn: $arn) { id lastRunStatus latestImage { arn state { status } } } }`;
const UNKNOWN = /Its outcome is unknown: Image Builder may have applied it\. Repeating this mutation with clientToken "([^"]+)" is safe/;

const imagesOf = (stack: Stack, arn: string) => stack.emulator.images.ofPipeline(PLACE, arn);

describe('starting a run', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CLOUDCONTROL_MAX_ATTEMPTS: '1' }, emulator: { settings: { imageStepMs: 600_000 } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const requestLine = (response: { headers: Headers }) =>
    stack.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'request' && line.requestId === response.headers.get('x-request-id'));

  it('is seen PENDING, then final, through latestImage', async () => {
    const started = await stack.gql(START, { input: { arn: BASTION } });
    const payload = started.body.data!.startImagePipelineExecution;
    const pipeline = (await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline;
    expect(payload).toEqual({
      __typename: 'StartImagePipelineExecutionPayload',
      imageBuildVersionArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/4',
      // The gateway made one up, and returns it.
      clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      imagePipelineId: pipeline.id,
      image: { id: expect.any(String), arn: payload.imageBuildVersionArn, state: { status: 'PENDING' } },
    });
    expect(pipeline).toMatchObject({ lastRunStatus: 'PENDING', latestImage: { arn: payload.imageBuildVersionArn, state: { status: 'PENDING' } } });
    expect(stack.emulator.calls.calls('StartImagePipelineExecution').map((call) => call.clientToken)).toEqual([payload.clientToken]);
    expect(requestLine(started).writes).toEqual([
      { operation: 'StartImagePipelineExecution', region: 'us-east-1', arn: BASTION, clientToken: payload.clientToken, imageBuildVersionArn: payload.imageBuildVersionArn, outcome: 'accepted' },
    ]);

    stack.emulator.advanceImages(payload.imageBuildVersionArn, 1);
    expect((await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline).toMatchObject({ latestImage: { state: { status: 'BUILDING' } } });
    stack.emulator.advanceImages(payload.imageBuildVersionArn);
    expect((await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline).toMatchObject({
      lastRunStatus: 'AVAILABLE',
      latestImage: { arn: payload.imageBuildVersionArn, state: { status: 'AVAILABLE' } },
    });
  });

  it('starts one run for one client token, and a token used for another pipeline is a conflict', async () => {
    const before = imagesOf(stack, BASTION).length;
    const input = { arn: BASTION, clientToken: 'bastion-rebuild-2026-11-30' };
    const first = (await stack.gql(START, { input })).body.data!.startImagePipelineExecution;
    const again = (await stack.gql(START, { input })).body.data!.startImagePipelineExecution;
    expect(again).toEqual(first);
    expect(first.clientToken).toBe(input.clientToken);
    expect(imagesOf(stack, BASTION)).toHaveLength(before + 1);
    expect(stack.emulator.calls.count('StartImagePipelineExecution')).toBe(2);

    const elsewhere = (await stack.gql(START, { input: { ...input, arn: DEMO.golden } })).body.data!.startImagePipelineExecution;
    expect(elsewhere).toEqual({ __typename: 'ConflictError', reason: 'CLIENT_TOKEN_CONFLICT', message: expect.stringContaining('bastion-rebuild-2026-11-30') });
    expect(imagesOf(stack, DEMO.golden)).toHaveLength(6);
  });

  it('refuses a malformed ARN or token before any call', async () => {
    const cases = [
      { input: { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0' }, code: 'BAD_USER_INPUT' },
      { input: { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Has Capitals' }, code: 'BAD_USER_INPUT' },
      { input: { arn: BASTION, region: 'eu-west-1' }, code: 'BAD_USER_INPUT' },
    ];
    for (const { input, code } of cases) {
      const { body } = await stack.gql(START, { input });
      expect(body.errors![0]!.extensions).toMatchObject({ code, argument: expect.stringMatching(/arn|region/) });
    }
    for (const clientToken of ['x'.repeat(65), '']) {
      const { body } = await stack.gql(START, { input: { arn: BASTION, clientToken } });
      expect(body.data!.startImagePipelineExecution).toEqual({
        __typename: 'ValidationError',
        problems: [{ field: 'clientToken', rule: clientToken ? 'maxLength' : 'minLength', message: expect.stringMatching(/^clientToken must be 1–64 characters/) }],
      });
    }
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it("answers Image Builder's refusals as typed results", async () => {
    const missing = await stack.gql(START, { input: { arn: DEMO.missing } });
    expect(missing.body.data!.startImagePipelineExecution).toEqual({ __typename: 'NotFoundError', arn: DEMO.missing, message: `Image pipeline ${DEMO.missing} does not exist in us-east-1.` });
    stack.emulator.configure({ faults: { rejectWrites: { errorName: 'ResourceInUseException', message: 'The pipeline is being updated.' } } });
    const busy = await stack.gql(START, { input: { arn: BASTION } });
    expect(busy.body.data!.startImagePipelineExecution).toEqual({ __typename: 'ConflictError', reason: 'RESOURCE_CONFLICT', message: 'The pipeline is being updated.' });
    expect(requestLine(busy).writes).toEqual([expect.objectContaining({ operation: 'StartImagePipelineExecution', outcome: 'refused' })]);
  });

  it('whose answer was lost says so, carries the client token, and the retry with it starts the run once', async () => {
    stack.emulator.configure({ faults: { dropRate: 1, dropPhase: 'after', operations: ['StartImagePipelineExecution'], maxFaults: 1 } });
    const before = imagesOf(stack, BASTION).length;
    const lost = await stack.gql(START, { input: { arn: BASTION } });
    expect(lost.body.data).toBeNull();
    const [error] = lost.body.errors!;
    expect(error!.message).toMatch(UNKNOWN);
    const clientToken = UNKNOWN.exec(error!.message)![1];
    expect(error!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', clientToken });
    expect(requestLine(lost).writes).toEqual([{ operation: 'StartImagePipelineExecution', region: 'us-east-1', arn: BASTION, clientToken, outcome: 'unknown' }]);
    // Image Builder started it; only its answer was lost.
    expect(imagesOf(stack, BASTION)).toHaveLength(before + 1);

    const retried = (await stack.gql(START, { input: { arn: BASTION, clientToken } })).body.data!.startImagePipelineExecution;
    expect(retried).toMatchObject({ __typename: 'StartImagePipelineExecutionPayload', clientToken, imageBuildVersionArn: imagesOf(stack, BASTION)[0]!.arn });
    expect(imagesOf(stack, BASTION)).toHaveLength(before + 1);
  });
});

describe('starting a run, with shared reads', () => {
  it("drops the pipeline's cached health and images", async () => {
    const stack = await startStack({ env: { CACHE_TTL_SECONDS: '60' }, emulator: { settings: { imageStepMs: 600_000 } } });
    try {
      const before = (await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline;
      expect(before).toMatchObject({ lastRunStatus: 'AVAILABLE', latestImage: { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/3' } });
      // Kept: read again without a call.
      expect((await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline).toEqual(before);
      expect(stack.emulator.calls.count('ListImagePipelineImages')).toBe(1);
      const started = (await stack.gql(START, { input: { arn: BASTION } })).body.data!.startImagePipelineExecution;
      expect((await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline).toMatchObject({
        lastRunStatus: 'PENDING',
        latestImage: { arn: started.imageBuildVersionArn, state: { status: 'PENDING' } },
      });
    } finally {
      await stack.close();
    }
  });
});

describe('cancelling a build', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ emulator: { settings: { imageStepMs: 600_000 } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('cancels a build in progress, once per client token', async () => {
    const started = (await stack.gql(START, { input: { arn: BASTION } })).body.data!.startImagePipelineExecution;
    const input = { imageBuildVersionArn: started.imageBuildVersionArn, clientToken: 'stop-it' };
    const cancelled = (await stack.gql(CANCEL, { input })).body.data!.cancelImageCreation;
    expect(cancelled).toEqual({ __typename: 'CancelImageCreationPayload', imageBuildVersionArn: input.imageBuildVersionArn, clientToken: 'stop-it', image: { arn: input.imageBuildVersionArn, state: { status: 'CANCELLED' } } });
    expect((await stack.gql(CANCEL, { input })).body.data!.cancelImageCreation).toEqual(cancelled);
    expect((await stack.gql(LATEST, { arn: BASTION })).body.data!.imagePipeline).toMatchObject({ lastRunStatus: 'CANCELLED' });
  });

  it("answers a build that has ended, or does not exist, as Image Builder's refusals; a malformed ARN before any call", async () => {
    const ended = 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/3';
    const refused = (await stack.gql(CANCEL, { input: { imageBuildVersionArn: ended } })).body.data!.cancelImageCreation;
    expect(refused).toEqual({ __typename: 'ValidationError', problems: [{ field: null, rule: 'imageBuilder', message: expect.stringMatching(/^Image Builder refused the request: /) }] });
    const missing = 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/99';
    expect((await stack.gql(CANCEL, { input: { imageBuildVersionArn: missing } })).body.data!.cancelImageCreation).toEqual({
      __typename: 'NotFoundError',
      arn: missing,
      message: `Image ${missing} does not exist in us-east-1.`,
    });
    stack.emulator.calls.reset();
    const malformed = await stack.gql(CANCEL, { input: { imageBuildVersionArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2' } });
    expect(malformed.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.imageBuildVersionArn' });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});

describe('image build writes need write access', () => {
  it('are refused to a read-only caller before any call', async () => {
    const stack = await startStack({ env: { GATEWAY_ANONYMOUS: 'read' } });
    try {
      const start = await stack.gql(START, { input: { arn: BASTION } });
      const cancel = await stack.gql(CANCEL, { input: { imageBuildVersionArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/3' } });
      for (const response of [start, cancel]) {
        expect(response.status).toBe(403);
        expect(response.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      }
      expect(stack.emulator.calls.count()).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
