import { CloudControlClient, GetResourceCommand, NotUpdatableException, UpdateResourceCommand } from '@aws-sdk/client-cloudcontrol';
import { until } from './support/until';
import {
  CallRateLimitExceededException,
  ForbiddenException,
  GetImageCommand,
  GetImagePipelineCommand,
  ImagebuilderClient,
  ListImagePipelinesCommand,
  ResourceInUseException,
  ServiceException,
  StartImagePipelineExecutionCommand,
} from '@aws-sdk/client-imagebuilder';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { PIPELINE_TYPE } from './support/emulator';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

/** The faults, holds and call log apply to Image Builder as to Cloud Control, each fault answered in Image Builder's own words. */
const OWN = { account: '123456789012', region: 'us-east-1' };
const BUILT = 'arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0/5';

describe('faults and holds on Image Builder', () => {
  let emulator: Emulator;
  let client: ImagebuilderClient;
  let cloudControl: CloudControlClient;
  let tokens = 0;
  const start = (imagePipelineArn = DEMO.golden) => client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn, clientToken: `fault-${++tokens}` }));
  const getPipeline = () => client.send(new GetImagePipelineCommand({ imagePipelineArn: DEMO.golden }));
  const runs = () => emulator.images.ofPipeline(OWN, DEMO.golden).length;
  const outcome = (call: Promise<unknown>) =>
    call.then(
      () => 'ok',
      (error: { name: string; $metadata: { httpStatusCode?: number } }) => `${error.name} ${error.$metadata.httpStatusCode}`,
    );

  beforeAll(async () => {
    emulator = await startEmulator({ settings: { imageStepMs: 600_000, writeDelayMs: 600_000 } });
    client = new ImagebuilderClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    cloudControl = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    cloudControl.destroy();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  it('throttles with CallRateLimitExceededException (429), in a bucket of its own beside Cloud Control’s', async () => {
    // One call, then a refill in 1000 seconds: the second call is throttled, however slow the machine.
    emulator.configure({ faults: { ratePerSecond: 0.001, rateBurst: 1 } });
    expect(await outcome(getPipeline())).toBe('ok');
    expect(await outcome(getPipeline())).toBe('CallRateLimitExceededException 429');
    await expect(getPipeline()).rejects.toBeInstanceOf(CallRateLimitExceededException);
    // Cloud Control's quota is its own: Image Builder's calls did not use it up.
    expect(await outcome(cloudControl.send(new GetResourceCommand({ TypeName: PIPELINE_TYPE, Identifier: DEMO.golden })))).toBe('ok');
  });

  it('denies the operations named with ForbiddenException (403), starting nothing', async () => {
    emulator.configure({ faults: { denyOperations: ['StartImagePipelineExecution'] } });
    const before = runs();
    const denied = start();
    await expect(denied).rejects.toBeInstanceOf(ForbiddenException);
    await expect(denied).rejects.toMatchObject({ message: 'User is not authorized to perform: imagebuilder:StartImagePipelineExecution', $metadata: { httpStatusCode: 403 } });
    expect(runs()).toBe(before);
    expect(await outcome(getPipeline())).toBe('ok');
  });

  it('fails calls with ServiceException (500), only the operations and identifiers in scope', async () => {
    emulator.configure({ faults: { failureRate: 1, operations: ['GetImage'], identifiers: [BUILT] } });
    await expect(client.send(new GetImageCommand({ imageBuildVersionArn: BUILT }))).rejects.toBeInstanceOf(ServiceException);
    expect(await outcome(client.send(new GetImageCommand({ imageBuildVersionArn: BUILT.replace(/5$/, '4') })))).toBe('ok');
    expect(await outcome(getPipeline())).toBe('ok');
    expect(emulator.calls.calls('GetImage').map((call) => [call.service, call.identifier, call.outcome])).toEqual([
      ['imagebuilder', BUILT, 'ServiceException'],
      ['imagebuilder', BUILT.replace(/5$/, '4'), 'ok'],
    ]);
  });

  it("refuses writes with rejectWrites when Image Builder's model declares the error for them, and leaves them alone otherwise", async () => {
    emulator.configure({ faults: { rejectWrites: { errorName: 'ResourceInUseException', message: 'The pipeline is being updated.' } } });
    const before = runs();
    const refused = start();
    await expect(refused).rejects.toBeInstanceOf(ResourceInUseException);
    await expect(refused).rejects.toMatchObject({ message: 'The pipeline is being updated.', $metadata: { httpStatusCode: 400 } });
    expect(runs()).toBe(before);
    expect(await outcome(getPipeline())).toBe('ok');

    // Cloud Control's NotUpdatableException is not an Image Builder error: its writes go on, Cloud Control's are refused.
    emulator.configure({ faults: { rejectWrites: { errorName: 'NotUpdatableException' } } });
    expect(await outcome(start())).toBe('ok');
    const patch = JSON.stringify([{ op: 'replace', path: '/Description', value: 'x' }]);
    await expect(cloudControl.send(new UpdateResourceCommand({ TypeName: PIPELINE_TYPE, Identifier: DEMO.golden, PatchDocument: patch }))).rejects.toBeInstanceOf(NotUpdatableException);
  });

  it('cuts the connection of a dropped call, recording it as dropped, and keeps failWrites to Cloud Control’s requests', async () => {
    emulator.configure({ faults: { dropRate: 1, operations: ['ListImagePipelines'] } });
    await expect(client.send(new ListImagePipelinesCommand({}))).rejects.toThrow();
    expect(emulator.calls.calls('ListImagePipelines').map((call) => call.outcome)).toEqual(['dropped']);
    emulator.configure({ faults: { dropRate: 0, operations: [], failWrites: { errorCode: 'InternalFailure' } } });
    const { imageBuildVersionArn } = await start();
    emulator.advanceImages(imageBuildVersionArn);
    expect((await client.send(new GetImageCommand({ imageBuildVersionArn }))).image!.state).toEqual({ status: 'AVAILABLE' });
  });

  it('hangs the calls given hangRate, unanswered until the caller gives up, recorded as dropped', async () => {
    emulator.configure({ faults: { hangRate: 1, operations: ['GetImage'] } });
    const abort = new AbortController();
    const hanging = client.send(new GetImageCommand({ imageBuildVersionArn: BUILT }), { abortSignal: abort.signal }).catch((error: Error) => error.name);
    await until(() => emulator.calls.calls('GetImage').length === 1, 'the call to arrive');
    // Other calls are answered meanwhile; this one waits for its caller.
    expect(await outcome(getPipeline())).toBe('ok');
    expect(emulator.calls.calls('GetImage')[0]!.outcome).toBe('in-flight');
    abort.abort();
    expect(await hanging).toBe('AbortError');
    await until(() => emulator.calls.calls('GetImage')[0]!.outcome === 'dropped', 'the hung call to be recorded as dropped');
  });

  it('holds Image Builder calls by service, operation and ARN, in flight until released', async () => {
    const hold = emulator.hold({ service: 'imagebuilder', operations: ['GetImagePipeline'], identifiers: [DEMO.golden] });
    const held = getPipeline();
    await hold.waitForHeld(1);
    expect(emulator.calls.calls('GetImagePipeline')).toMatchObject([{ service: 'imagebuilder', identifier: DEMO.golden, outcome: 'in-flight', endedAt: null }]);
    expect(await outcome(client.send(new GetImagePipelineCommand({ imagePipelineArn: DEMO.ubuntu })))).toBe('ok');
    expect(await outcome(cloudControl.send(new GetResourceCommand({ TypeName: PIPELINE_TYPE, Identifier: DEMO.golden })))).toBe('ok');
    hold.release();
    expect((await held).imagePipeline!.arn).toBe(DEMO.golden);
  });
});
