import {
  CloudControlClient,
  CreateResourceCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { IMAGE_PIPELINE_TYPE as TypeName } from '../src/resource/image-pipeline-type';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

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
      `at 'patchDocument' failed to satisfy constraint: Member must have length less than or equal to ${MODEL_MAX_LENGTH}`,
    );
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
    await expect(over).rejects.toThrow(`at 'desiredState' failed to satisfy constraint: Member must have length less than or equal to ${MODEL_MAX_LENGTH}`);
    // Within the limit, a long description is the Image Builder handler's to refuse, later.
    const within = await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('x'.repeat(70_000)) }));
    expect(within.ProgressEvent!.OperationStatus).toBe('IN_PROGRESS');
  });
});
