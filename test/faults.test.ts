import { DEMO, type Stack, startStack } from './support/stack';
import { storedPipeline, storedRequests } from './support/emulator';

describe('staying correct under upstream faults', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CLOUDCONTROL_MAX_ATTEMPTS: '4', WRITE_POLL_MS: '20', WRITE_WAIT_SECONDS: '1' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('hides throttling that the retries absorb', async () => {
    // Three calls a second with a burst of three: a query over six pipelines is throttled at once.
    stack.emulator.configure({ faults: { ratePerSecond: 3 } });
    const arns = [DEMO.golden, DEMO.ubuntu, DEMO.windows, DEMO.nginx, DEMO.euGolden, DEMO.euRhel];
    const { body } = await stack.gql(`{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { name }`).join(' ')} }`);
    expect(body.errors).toBeUndefined();
    expect(Object.values(body.data!).every((pipeline) => typeof (pipeline as { name: string }).name === 'string')).toBe(true);
    const outcomes = stack.emulator.calls.calls('GetResource').map((call) => call.outcome);
    expect(outcomes.filter((outcome) => outcome === 'ThrottlingException').length).toBeGreaterThan(0);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(6);
  });

  it('retries a write whose answer was lost with the same client token, and it is applied once', async () => {
    stack.emulator.configure({ faults: { dropRate: 1, dropPhase: 'after', operations: ['UpdateResource'], maxFaults: 1 } });
    const { body } = await stack.gql(
      `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "survives a lost answer" }, wait: true }) {
        __typename ... on ImagePipelineWritePayload { clientToken request { status requestToken } } } }`,
    );
    const result = body.data!.updateImagePipeline;
    expect(result).toMatchObject({ __typename: 'ImagePipelineWritePayload', request: { status: 'SUCCESS' } });
    const attempts = stack.emulator.calls.calls('UpdateResource');
    expect(attempts.map((call) => call.outcome)).toEqual(['dropped', 'ok']);
    expect(attempts.map((call) => call.clientToken)).toEqual([result.clientToken, result.clientToken]);
    const requests = storedRequests(stack.emulator, 'us-east-1');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.requestToken).toBe(result.request.requestToken);
    expect(storedPipeline(stack.emulator, DEMO.golden)!.Description).toBe('survives a lost answer');
  });

  it('keeps a write when following it fails: after WRITE_WAIT_SECONDS the payload reports the last known state', async () => {
    stack.emulator.configure({ writeDelayMs: 100, faults: { failureRate: 1, operations: ['GetResourceRequestStatus'] } });
    const { body } = await stack.gql(
      `mutation { deleteImagePipeline(input: { arn: "${DEMO.windows}", wait: true }) { ... on ImagePipelineWritePayload { request { status requestToken } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.deleteImagePipeline.request.status).toBe('IN_PROGRESS');
  });
});
