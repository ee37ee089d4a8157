import {
  CancelResourceRequestCommand,
  ClientTokenConflictException,
  CloudControlClient,
  ConcurrentOperationException,
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  InvalidRequestException,
  ListResourceRequestsCommand,
  NotUpdatableException,
  type ProgressEvent,
  ResourceNotFoundException,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { DEMO, TEST_CREDENTIALS } from './support/stack';
import { PIPELINE_TYPE as TypeName, storedPipeline, storedPipelineArns, storedRequests } from './support/emulator';

/** Writes never finish on their own: each test completes them when it means to (completeRequests). */
const NEVER = 600_000;

const desired = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Name: name,
    ImageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0',
    InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/default',
    ...extra,
  });

describe('the emulator write side', () => {
  let emulator: Emulator;
  let client: CloudControlClient;
  beforeAll(async () => {
    emulator = await startEmulator({ settings: { writeDelayMs: NEVER } });
    client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const status = async (token: string) => (await client.send(new GetResourceRequestStatusCommand({ RequestToken: token }))).ProgressEvent!;
  /** The request once its handler has run. */
  const settled = async (event: ProgressEvent) => {
    emulator.completeRequests(event.RequestToken!);
    return status(event.RequestToken!);
  };

  it('creates asynchronously: IN_PROGRESS, then SUCCESS with the model and the service defaults', async () => {
    const { ProgressEvent: event } = await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('Web Tier'), ClientToken: 'create-1' }));
    expect(event).toMatchObject({ Operation: 'CREATE', OperationStatus: 'IN_PROGRESS', Identifier: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/web-tier' });
    expect(event!.EventTime).toBeInstanceOf(Date);
    expect(event!.RetryAfter).toBeInstanceOf(Date);
    const done = await settled(event!);
    expect(done.OperationStatus).toBe('SUCCESS');
    const model = JSON.parse(done.ResourceModel!);
    expect(model).toMatchObject({ Name: 'Web Tier', Status: 'ENABLED', EnhancedImageMetadataEnabled: true, ImageTestsConfiguration: { ImageTestsEnabled: true, TimeoutMinutes: 720 } });
    expect(model.DeploymentId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await client.send(new GetResourceCommand({ TypeName, Identifier: event!.Identifier }));
    expect(JSON.parse(read.ResourceDescription!.Properties!)).toEqual(model);
  });

  it('refuses a model that breaks the registry schema at once, and fails API-only violations as a FAILED request', async () => {
    await expect(client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('x1', { Status: 'PAUSED' }) }))).rejects.toThrow(
      /^Model validation failed \(#\/Status: failed validation constraint for keyword \[enum\]\)$/,
    );
    await expect(client.send(new CreateResourceCommand({ TypeName, DesiredState: JSON.stringify({ Name: 'only-name' }) }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const { ProgressEvent: event } = await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('bad!name') }));
    expect(event!.OperationStatus).toBe('IN_PROGRESS');
    const done = await settled(event!);
    expect(done).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'InvalidRequest' });
    expect(done.StatusMessage).toMatch(/#\/Name: "bad!name" must match pattern/);
  });

  it('fails a create of an existing pipeline as FAILED AlreadyExists, not as an HTTP error', async () => {
    const { ProgressEvent: event } = await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired('amazon-linux-2023-golden') }));
    expect(await settled(event!)).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'AlreadyExists' });
  });

  it('applies an RFC 6902 patch and validates the result', async () => {
    const patch = [
      { op: 'replace', path: '/Status', value: 'DISABLED' },
      { op: 'add', path: '/Tags/owner', value: 'alice' },
      { op: 'remove', path: '/Schedule/AutoDisablePolicy' },
      { op: 'test', path: '/Name', value: 'amazon-linux-2023-golden' },
    ];
    const before = storedPipeline(emulator, DEMO.golden)!;
    const { ProgressEvent: event } = await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument: JSON.stringify(patch) }));
    expect(await settled(event!)).toMatchObject({ OperationStatus: 'SUCCESS' });
    const after = storedPipeline(emulator, DEMO.golden)!;
    expect(after.Status).toBe('DISABLED');
    expect(after.Tags).toEqual({ ...(before.Tags as object), owner: 'alice' });
    expect((after.Schedule as Record<string, unknown>).AutoDisablePolicy).toBeUndefined();
    expect(after.DeploymentId).not.toBe(before.DeploymentId);
  });

  it('refuses create-only, read-only, unappliable and invalid patches synchronously', async () => {
    const update = (patch: unknown[]) => client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument: JSON.stringify(patch) }));
    await expect(update([{ op: 'replace', path: '/Name', value: 'x' }])).rejects.toBeInstanceOf(NotUpdatableException);
    await expect(update([{ op: 'replace', path: '/Arn', value: 'x' }])).rejects.toThrow(/readOnlyProperties \[\/properties\/Arn\]/);
    await expect(update([{ op: 'remove', path: '/ContainerRecipeArn' }])).rejects.toThrow(/Invalid patch document/);
    await expect(update([{ op: 'replace', path: '/ImageTestsConfiguration/TimeoutMinutes', value: 10 }])).rejects.toThrow(/Model validation failed/);
    await expect(update([{ op: 'test', path: '/Status', value: 'DISABLED' }])).rejects.toThrow(/Invalid patch document/);
    expect(storedRequests(emulator, 'us-east-1')).toHaveLength(0);
  });

  it('reports update and delete of a missing pipeline as FAILED NotFound', async () => {
    const missing = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/ghost';
    const update = await client.send(new UpdateResourceCommand({ TypeName, Identifier: missing, PatchDocument: '[{"op":"add","path":"/Description","value":"x"}]' }));
    expect(await settled(update.ProgressEvent!)).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'NotFound' });
    const remove = await client.send(new DeleteResourceCommand({ TypeName, Identifier: missing }));
    expect(await settled(remove.ProgressEvent!)).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'NotFound' });
  });

  it('deletes: the pipeline then reads as not found and leaves the list', async () => {
    const { ProgressEvent: event } = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.windows }));
    const done = await settled(event!);
    expect(done.OperationStatus).toBe('SUCCESS');
    expect(done.ResourceModel).toBeUndefined();
    await expect(client.send(new GetResourceCommand({ TypeName, Identifier: DEMO.windows }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect(storedPipelineArns(emulator, 'us-east-1')).not.toContain(DEMO.windows);
  });

  it('returns the original request for a repeated client token, and refuses the token for another request', async () => {
    const first = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.nginx, ClientToken: 'same-token' }));
    const again = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.nginx, ClientToken: 'same-token' }));
    expect(again.ProgressEvent!.RequestToken).toBe(first.ProgressEvent!.RequestToken);
    emulator.completeRequests(first.ProgressEvent!.RequestToken!);
    const afterDone = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.nginx, ClientToken: 'same-token' }));
    expect(afterDone.ProgressEvent).toMatchObject({ RequestToken: first.ProgressEvent!.RequestToken, OperationStatus: 'SUCCESS' });
    expect(storedRequests(emulator, 'us-east-1')).toHaveLength(1);
    const conflict = client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.ubuntu, ClientToken: 'same-token' }));
    await expect(conflict).rejects.toBeInstanceOf(ClientTokenConflictException);
    await expect(conflict).rejects.toMatchObject({ $metadata: { httpStatusCode: 409 } });
  });

  it('refuses a second write while one is in flight on the same pipeline', async () => {
    await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument: '[{"op":"add","path":"/Description","value":"one"}]' }));
    await expect(
      client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument: '[{"op":"add","path":"/Description","value":"two"}]' })),
    ).rejects.toBeInstanceOf(ConcurrentOperationException);
  });

  it('cancels an in-progress request, which then never applies', async () => {
    const { ProgressEvent: event } = await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.ubuntu }));
    const cancelled = await client.send(new CancelResourceRequestCommand({ RequestToken: event!.RequestToken }));
    expect(cancelled.ProgressEvent!.OperationStatus).toBe('CANCEL_COMPLETE');
    // Completing every in-progress request runs no handler for the cancelled one.
    expect(emulator.completeRequests()).toEqual([]);
    expect((await status(event!.RequestToken!)).OperationStatus).toBe('CANCEL_COMPLETE');
    expect(storedPipeline(emulator, DEMO.ubuntu)).toBeDefined();
  });

  it('lists requests newest first, filtered and paged', async () => {
    for (const arn of [DEMO.golden, DEMO.ubuntu, DEMO.nginx]) {
      await client.send(new UpdateResourceCommand({ TypeName, Identifier: arn, PatchDocument: '[{"op":"add","path":"/Description","value":"x"}]' }));
    }
    await client.send(new DeleteResourceCommand({ TypeName, Identifier: DEMO.windows }));
    const updates = await client.send(new ListResourceRequestsCommand({ ResourceRequestStatusFilter: { Operations: ['UPDATE'] }, MaxResults: 2 }));
    expect(updates.ResourceRequestStatusSummaries!.map((e) => e.Identifier)).toEqual([DEMO.nginx, DEMO.ubuntu]);
    const rest = await client.send(new ListResourceRequestsCommand({ ResourceRequestStatusFilter: { Operations: ['UPDATE'] }, MaxResults: 2, NextToken: updates.NextToken }));
    expect(rest.ResourceRequestStatusSummaries!.map((e) => e.Identifier)).toEqual([DEMO.golden]);
    expect(rest.NextToken).toBeUndefined();
  });

  it('keeps paging a status filter when a listed request leaves it between pages', async () => {
    const patch = '[{"op":"add","path":"/Description","value":"x"}]';
    const inProgress = (NextToken?: string) =>
      client.send(new ListResourceRequestsCommand({ ResourceRequestStatusFilter: { OperationStatuses: ['IN_PROGRESS'] }, MaxResults: 1, NextToken }));
    for (const arn of [DEMO.golden, DEMO.ubuntu]) await client.send(new UpdateResourceCommand({ TypeName, Identifier: arn, PatchDocument: patch }));
    const quick = await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.nginx, PatchDocument: patch }));

    const first = await inProgress();
    expect(first.ResourceRequestStatusSummaries!.map((e) => e.Identifier)).toEqual([DEMO.nginx]);
    // The listed request finishes between pages, leaving the filter.
    emulator.completeRequests(quick.ProgressEvent!.RequestToken!);
    expect((await status(quick.ProgressEvent!.RequestToken!)).OperationStatus).toBe('SUCCESS');
    const second = await inProgress(first.NextToken);
    expect(second.ResourceRequestStatusSummaries!.map((e) => e.Identifier)).toEqual([DEMO.ubuntu]);
    const third = await inProgress(second.NextToken);
    expect(third.ResourceRequestStatusSummaries!.map((e) => e.Identifier)).toEqual([DEMO.golden]);
    expect(third.NextToken).toBeUndefined();
  });
});
