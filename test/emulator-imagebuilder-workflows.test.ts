import { CloudControlClient, CreateResourceCommand } from '@aws-sdk/client-cloudcontrol';
import { GetWorkflowCommand, ImagebuilderClient, InvalidParameterValueException } from '@aws-sdk/client-imagebuilder';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { TEST_CREDENTIALS } from './support/stack';

/** GetWorkflow: the account's own workflows from the store, and the AWS-managed ones the demo pipelines name. */
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const OWN = 'arn:aws:imagebuilder:us-east-1:123456789012:workflow';

describe('the emulator speaks Image Builder: workflows', () => {
  let emulator: Emulator;
  let clock = START;
  const clients: { destroy(): void }[] = [];
  const imageBuilder = (region = 'us-east-1') => {
    const client = new ImagebuilderClient({ region, endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const get = (workflowBuildVersionArn: string, region = 'us-east-1') => imageBuilder(region).send(new GetWorkflowCommand({ workflowBuildVersionArn }));
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => 'succeeded',
      (error: { name: string; $metadata: { httpStatusCode?: number } }) => ({ name: error.name, status: error.$metadata.httpStatusCode }),
    );

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock, settings: { writeDelayMs: 600_000 } });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await emulator.close();
  });
  beforeEach(() => {
    clock = START;
    emulator.reset();
  });

  it('answers for an AWS-managed workflow the demo pipelines name: its current build, owned by Amazon, with its document', async () => {
    const { workflow, latestVersionReferences } = await get('arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x');
    expect(workflow).toEqual({
      arn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1',
      name: 'build-image',
      version: '1.0.2',
      description: expect.stringMatching(/^Builds an image/),
      type: 'BUILD',
      owner: 'Amazon',
      data: expect.stringMatching(/^name: build-image\n[\s\S]*schemaVersion: 1.0\n[\s\S]*action: CreateImage/),
      dateCreated: '2023-11-28T00:00:00.000Z',
    });
    expect(latestVersionReferences).toEqual({
      latestVersionArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x',
      latestMajorVersionArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.x.x',
      latestMinorVersionArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.x',
      latestPatchVersionArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2',
    });
    const tests = (await get('arn:aws:imagebuilder:eu-west-1:aws:workflow/test/test-image/x.x.x', 'eu-west-1')).workflow!;
    expect(tests).toMatchObject({ arn: 'arn:aws:imagebuilder:eu-west-1:aws:workflow/test/test-image/1.0.1/1', type: 'TEST', owner: 'Amazon' });
    expect(await failure(get('arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/2.x.x'))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
  });

  it("answers for the account's own workflows by build version or version, with the document they were created with", async () => {
    const { workflow, latestVersionReferences } = await get(`${OWN}/build/cis-hardening-build/1.2.0/1`);
    expect(workflow).toEqual({
      arn: `${OWN}/build/cis-hardening-build/1.2.0/1`,
      name: 'cis-hardening-build',
      version: '1.2.0',
      description: 'Build with the CIS hardening steps, parameterised by level.',
      type: 'BUILD',
      owner: '123456789012',
      data: 'name: cis-hardening-build\nschemaVersion: 1.0\nparameters:\n  - name: cisLevel\n    type: string\n  - name: excludedControls\n    type: stringList\nsteps: []\n',
      dateCreated: '2025-09-26T12:00:00.000Z',
      tags: { team: 'security' },
    });
    expect(latestVersionReferences!.latestMajorVersionArn).toBe(`${OWN}/build/cis-hardening-build/1.x.x`);
    expect((await get(`${OWN}/build/cis-hardening-build/1.x.x`)).workflow!.arn).toBe(`${OWN}/build/cis-hardening-build/1.2.0/1`);
    // Created from a document in S3, which the emulator cannot read: it says where the document is.
    const fromUri = (await get(`${OWN}/test/inspector-gate/1.0.0/2`)).workflow!;
    expect(fromUri).toMatchObject({ changeDescription: 'Second build: the gate waits for the scan to finish.', type: 'TEST' });
    expect(fromUri.data).toContain('s3://security-workflows/inspector-gate.yaml');
    expect(await failure(get(`${OWN}/test/inspector-gate/1.0.0/1`))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('answers for a workflow created through Cloud Control, from the same store', async () => {
    const cloudControl = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    clients.push(cloudControl);
    const document = 'name: shared\nschemaVersion: 1.0\nsteps: []\n';
    const created = await cloudControl.send(
      new CreateResourceCommand({ TypeName: 'AWS::ImageBuilder::Workflow', DesiredState: JSON.stringify({ Name: 'shared', Version: '2.0.0', Type: 'TEST', Data: document }) }),
    );
    emulator.completeRequests(created.ProgressEvent!.RequestToken!);
    expect((await get(`${OWN}/test/shared/x.x.x`)).workflow).toMatchObject({ arn: `${OWN}/test/shared/2.0.0/1`, data: document, owner: '123456789012' });
  });

  it("does not answer for another account's workflow, one in another region, or an ARN the model does not allow", async () => {
    expect(await failure(get('arn:aws:imagebuilder:us-east-1:210987654321:workflow/build/cis-hardening-build/1.2.0/1'))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    expect(await failure(get('arn:aws:imagebuilder:eu-west-1:aws:workflow/build/build-image/x.x.x'))).toEqual({ name: 'ResourceNotFoundException', status: 404 });
    await expect(get(`${OWN}/build/Not_Lower/1.0.0/1`)).rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});
