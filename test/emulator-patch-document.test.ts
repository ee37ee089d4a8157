import {
  CloudControlClient,
  CreateResourceCommand,
  InvalidRequestException,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { DEMO, TEST_CREDENTIALS } from './support/stack';
import { PIPELINE_TYPE as TypeName, storedRequests } from './support/emulator';

/** The Smithy model's length limit of PatchDocument and Properties (cloudcontrol.smithy.json). */
const MODEL_MAX_LENGTH = 262144;
/** A protocol-level error, not in the Cloud Control model, so the SDK has no class for it. */
const lengthRefusal = { name: 'ValidationException', $metadata: { httpStatusCode: 400 } };

describe('the emulator checks patch documents as Cloud Control does', () => {
  let emulator: Emulator;
  let client: CloudControlClient;
  let consoleError: jest.SpyInstance;
  beforeAll(async () => {
    emulator = await startEmulator({ settings: { writeDelayMs: 60 } });
    client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.reset();
    consoleError = jest.spyOn(console, 'error');
  });
  afterEach(() => consoleError.mockRestore());

  const update = (PatchDocument: string) => client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument }));

  it.each([
    ['[null]', /operation 0 is not a JSON object/],
    ['[42]', /operation 0 is not a JSON object/],
    ['[["replace","/Status"]]', /operation 0 is not a JSON object/],
    ['[{"op":"replace","path":7,"value":1}]', /operation 0: "path" must be a string/],
    ['[{"op":"replace","value":1}]', /operation 0: "path" must be a string/],
    ['[{"op":"replace","path":"Status","value":"DISABLED"}]', /operation 0: "path" must be a JSON pointer/],
    ['[{"path":"/Status","value":"DISABLED"}]', /operation 0: "op" must be one of add, remove, replace, move, copy, test/],
    ['[{"op":"toString","path":"/Status"}]', /operation 0: "op" must be one of/],
    ['[{"op":"add","path":"/Description","value":"ok"},{"op":"replace","path":"/Status"}]', /operation 1: "replace" needs a "value"/],
    ['[{"op":"test","path":"/Status"}]', /operation 0: "test" needs a "value"/],
    ['[{"op":"move","path":"/Description"}]', /operation 0: "move" needs a "from" JSON pointer/],
    ['[{"op":"copy","path":"/Description","from":3}]', /operation 0: "copy" needs a "from" JSON pointer/],
    ['{"op":"replace","path":"/Status","value":"DISABLED"}', /must be a non-empty JSON array/],
    ['"[]"', /must be a non-empty JSON array/],
    ['[]', /must be a non-empty JSON array/],
    ['[{"op":"replace",', /is not valid JSON/],
  ])('refuses %s as an invalid request (400), without an internal error', async (patch, message) => {
    const call = update(patch);
    await expect(call).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(call).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 }, message: expect.stringMatching(message) });
    expect(consoleError).not.toHaveBeenCalled();
    expect(storedRequests(emulator, 'us-east-1')).toHaveLength(0);
  });

  it('takes a patch document longer than 64 KiB, up to the model limit', async () => {
    // Over 70 KB of operations that change only the description, so the patch is also valid.
    const check = { op: 'test', path: '/Name', value: 'amazon-linux-2023-golden' };
    const patch = [...Array.from({ length: 1100 }, () => check), { op: 'replace', path: '/Description', value: 'long patch' }];
    const document = JSON.stringify(patch);
    expect(document.length).toBeGreaterThan(70_000);
    const { ProgressEvent: event } = await update(document);
    expect(event!.OperationStatus).toBe('IN_PROGRESS');
  });

  it('refuses a patch document over the model limit with the model constraint', async () => {
    const document = JSON.stringify([{ op: 'replace', path: '/Description', value: 'x'.repeat(MODEL_MAX_LENGTH) }]);
    const call = update(document);
    await expect(call).rejects.toMatchObject(lengthRefusal);
    await expect(call).rejects.toThrow(
      `1 validation error detected: Value at 'patchDocument' failed to satisfy constraint: Member must have length less than or equal to ${MODEL_MAX_LENGTH}`,
    );
    // The document is @sensitive in the model: none of it is repeated back.
    await expect(call).rejects.not.toThrow(/xxxx/);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('holds desired state to the same limit', async () => {
    const desired = (description: string) =>
      JSON.stringify({
        Name: 'long-description',
        ImageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0',
        InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/default',
        Description: description,
      });
    const over = client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('x'.repeat(MODEL_MAX_LENGTH)) }));
    await expect(over).rejects.toMatchObject(lengthRefusal);
    await expect(over).rejects.toThrow(`Value at 'desiredState' failed to satisfy constraint: Member must have length less than or equal to ${MODEL_MAX_LENGTH}`);
    // Within the limit, a long description is the Image Builder handler's to refuse, later.
    const within = await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('x'.repeat(70_000)) }));
    expect(within.ProgressEvent!.OperationStatus).toBe('IN_PROGRESS');
  });
});
