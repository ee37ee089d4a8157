import {
  CloudControlClient,
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  NotUpdatableException,
  ResourceConflictException,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { DEMO, TEST_CREDENTIALS } from './support/stack';
import { PIPELINE_TYPE as TypeName, storedPipeline, storedRequests } from './support/emulator';

/**
 * Faults for writes the client thinks valid: the service refuses the call itself (rejectWrites),
 * or accepts it and its handler fails (failWrites), scoped like every fault.
 */
const describePatch = (text: string) => JSON.stringify([{ op: 'replace', path: '/Description', value: text }]);
const NEW_PIPELINE = JSON.stringify({
  Name: 'fault-target',
  ImageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/bastion-minimal/1.0.2',
  InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
});

describe('write faults', () => {
  let emulator: Emulator;
  let client: CloudControlClient;
  beforeAll(async () => {
    emulator = await startEmulator({ settings: { writeDelayMs: 600_000 } });
    client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const update = (Identifier: string, text = 'changed') => client.send(new UpdateResourceCommand({ TypeName, Identifier, PatchDocument: describePatch(text) }));
  const outcome = (call: Promise<unknown>) => call.then(() => 'accepted', (error: Error) => error.name);

  describe('rejectWrites', () => {
    it('refuses the call with the modelled error and status, changing nothing', async () => {
      emulator.configure({ faults: { rejectWrites: { errorName: 'NotUpdatableException', message: 'Schedule cannot change while a build runs.' } } });
      const call = update(DEMO.golden);
      await expect(call).rejects.toBeInstanceOf(NotUpdatableException);
      await expect(call).rejects.toMatchObject({ message: 'Schedule cannot change while a build runs.', $metadata: { httpStatusCode: 400 } });
      expect(storedRequests(emulator, 'us-east-1')).toHaveLength(0);
      expect(emulator.calls.calls('UpdateResource').map((c) => c.outcome)).toEqual(['NotUpdatableException']);

      emulator.configure({ faults: { rejectWrites: { errorName: 'ResourceConflictException' } } });
      const conflict = client.send(new CreateResourceCommand({ TypeName, DesiredState: NEW_PIPELINE }));
      await expect(conflict).rejects.toBeInstanceOf(ResourceConflictException);
      await expect(conflict).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 }, message: expect.stringMatching(/CreateResource was refused with ResourceConflictException/) });
    });

    it('applies to writes only, within the operations, identifiers and maxFaults given', async () => {
      emulator.configure({ faults: { rejectWrites: { errorName: 'InvalidRequestException' }, identifiers: [DEMO.ubuntu], maxFaults: 1 } });
      await client.send(new GetResourceCommand({ TypeName, Identifier: DEMO.ubuntu }));
      expect(await outcome(update(DEMO.golden))).toBe('accepted');
      expect(await outcome(update(DEMO.ubuntu))).toBe('InvalidRequestException');
      emulator.completeRequests();
      expect(await outcome(update(DEMO.ubuntu, 'second'))).toBe('accepted');

      emulator.reset();
      emulator.configure({ faults: { rejectWrites: { errorName: 'ThrottlingException' }, operations: ['DeleteResource'] } });
      expect(await outcome(update(DEMO.nginx))).toBe('accepted');
      expect(await outcome(client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.windows })))).toBe('ThrottlingException');
    });
  });

  describe('failWrites', () => {
    const status = async (RequestToken: string) => (await client.send(new GetResourceRequestStatusCommand({ RequestToken }))).ProgressEvent!;

    it('accepts the write, then its handler ends FAILED with the ErrorCode and StatusMessage, applying nothing', async () => {
      emulator.configure({ faults: { failWrites: { errorCode: 'ServiceLimitExceeded', message: 'Image pipeline quota reached.' } } });
      const { ProgressEvent: accepted } = await client.send(new CreateResourceCommand({ TypeName, DesiredState: NEW_PIPELINE }));
      expect(accepted!.OperationStatus).toBe('IN_PROGRESS');
      emulator.completeRequests(accepted!.RequestToken!);
      expect(await status(accepted!.RequestToken!)).toMatchObject({
        OperationStatus: 'FAILED',
        ErrorCode: 'ServiceLimitExceeded',
        StatusMessage: 'Image pipeline quota reached.',
      });
      expect(storedPipeline(emulator, accepted!.Identifier!)).toBeUndefined();

      const before = storedPipeline(emulator, DEMO.golden);
      const { ProgressEvent: updating } = await update(DEMO.golden);
      emulator.completeRequests(updating!.RequestToken!);
      expect(await status(updating!.RequestToken!)).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'ServiceLimitExceeded' });
      expect(storedPipeline(emulator, DEMO.golden)).toEqual(before);
    });

    it('fails only the writes in scope, and says it was injected when no message is given', async () => {
      emulator.configure({ faults: { failWrites: { errorCode: 'NotStabilized' }, operations: ['DeleteResource'], maxFaults: 1 } });
      const { ProgressEvent: updating } = await update(DEMO.golden);
      const { ProgressEvent: deleting } = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.windows }));
      const { ProgressEvent: second } = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.nginx }));
      emulator.completeRequests();
      expect(await status(updating!.RequestToken!)).toMatchObject({ OperationStatus: 'SUCCESS' });
      expect(await status(deleting!.RequestToken!)).toMatchObject({
        OperationStatus: 'FAILED',
        ErrorCode: 'NotStabilized',
        StatusMessage: 'The handler failed with NotStabilized (injected fault).',
      });
      expect(await status(second!.RequestToken!)).toMatchObject({ OperationStatus: 'SUCCESS' });
      expect(storedPipeline(emulator, DEMO.windows)).toBeDefined();
    });
  });

  describe('over the control API', () => {
    const configure = (faults: unknown) => fetch(`${emulator.url}/_emulator/config`, { method: 'POST', body: JSON.stringify({ faults }) });

    it('takes modelled error names and handler error codes, and refuses anything else, naming what is allowed', async () => {
      const rejected = await configure({ rejectWrites: { errorName: 'TeapotException' }, failWrites: { errorCode: 'Melted', colour: 'red' } });
      expect(rejected.status).toBe(400);
      const { problems } = (await rejected.json()) as { problems: string[] };
      expect(problems).toEqual(
        expect.arrayContaining([
          // Cloud Control's write errors, then the ones Image Builder's model adds for its own writes.
          expect.stringMatching(/^\/faults\/rejectWrites\/errorName must be one of AlreadyExistsException, .*ResourceConflictException.*UnsupportedActionException, .*IdempotentParameterMismatchException.*ResourceInUseException/),
          expect.stringMatching(/^\/faults\/failWrites\/errorCode must be one of NotUpdatable, InvalidRequest, .*InternalFailure$/),
          '/faults/failWrites has no setting "colour"',
        ]),
      );
      expect(emulator.settings.faults).toMatchObject({ rejectWrites: null, failWrites: null });

      expect((await configure({ rejectWrites: { errorName: 'ConcurrentOperationException' }, failWrites: { errorCode: 'Throttling', message: 'slow down' } })).status).toBe(200);
      expect(emulator.settings.faults).toMatchObject({
        rejectWrites: { errorName: 'ConcurrentOperationException' },
        failWrites: { errorCode: 'Throttling', message: 'slow down' },
      });
      expect((await configure({ rejectWrites: null, failWrites: null })).status).toBe(200);
      expect(emulator.settings.faults).toMatchObject({ rejectWrites: null, failWrites: null });
    });
  });
});
