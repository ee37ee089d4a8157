import { CloudControlClient, GetResourceCommand } from '@aws-sdk/client-cloudcontrol';
import {
  CancelImageCreationCommand,
  GetImageCommand,
  GetImagePipelineCommand,
  IdempotentParameterMismatchException,
  ImagebuilderClient,
  ListImagePipelineImagesCommand,
  ResourceNotFoundException,
  StartImagePipelineExecutionCommand,
} from '@aws-sdk/client-imagebuilder';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { PIPELINE_TYPE } from './support/emulator';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

/**
 * A pipeline's images: runs started by hand (StartImagePipelineExecution) or by the schedule
 * (runSchedule), moving PENDING → BUILDING → TESTING → DISTRIBUTING → AVAILABLE, or FAILED, or
 * CANCELLED, at the emulator's pace or on demand (advanceImages), and what each end does to the
 * pipeline's health.
 */
const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const BASTION = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/bastion-host-minimal';
const EKS = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/eks-node-al2023';
const image = (recipe: string, build: number) => `arn:aws:imagebuilder:us-east-1:123456789012:image/${recipe}/${build}`;

describe('the emulator speaks Image Builder: images and runs', () => {
  let emulator: Emulator;
  let clock = START;
  let client: ImagebuilderClient;
  let cloudControl: CloudControlClient;
  let tokens = 0;
  const start = (imagePipelineArn: string, extra: { clientToken?: string; tags?: Record<string, string> } = {}) =>
    client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn, clientToken: `token-${++tokens}`, ...extra }));
  const getImage = async (imageBuildVersionArn: string) => (await client.send(new GetImageCommand({ imageBuildVersionArn }))).image!;
  const statusOf = async (arn: string) => (await getImage(arn)).state!.status;
  const pipeline = async (imagePipelineArn: string) => (await client.send(new GetImagePipelineCommand({ imagePipelineArn }))).imagePipeline!;
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => 'succeeded',
      (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }),
    );

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock, settings: { imageStepMs: 600_000 } });
    client = new ImagebuilderClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    cloudControl = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    cloudControl.destroy();
    await emulator.close();
  });
  beforeEach(() => {
    clock = START;
    emulator.reset();
  });

  describe('StartImagePipelineExecution', () => {
    it('starts a run seen PENDING, then each state in turn as it is advanced, ending AVAILABLE with its AMI', async () => {
      const started = await start(BASTION, { clientToken: 'run-bastion' });
      // Three builds of bastion-minimal 1.0.2 in the demo history: this is the fourth.
      expect(started).toMatchObject({ clientToken: 'run-bastion', imageBuildVersionArn: image('bastion-minimal/1.0.2', 4) });
      const arn = started.imageBuildVersionArn!;
      expect(await getImage(arn)).toMatchObject({ state: { status: 'PENDING' }, buildType: 'USER_INITIATED', dateCreated: iso(START), outputResources: { amis: [] } });
      expect((await pipeline(BASTION)).lastRunStatus).toBe('PENDING');
      // When it last ran, which the API no longer returns (dateLastRun), is kept beside the pipeline.
      expect(emulator.images.health({ account: '123456789012', region: 'us-east-1' }, BASTION).lastRunAt).toBe(START);
      const seen = [];
      for (let step = 0; step < 4; step++) {
        emulator.advanceImages(arn, 1);
        seen.push(await statusOf(arn));
      }
      expect(seen).toEqual(['BUILDING', 'TESTING', 'DISTRIBUTING', 'AVAILABLE']);
      expect(await getImage(arn)).toMatchObject({
        name: 'bastion-minimal',
        version: '1.0.2/4',
        type: 'AMI',
        platform: 'Linux',
        osVersion: 'Amazon Linux 2023',
        imageSource: 'AMAZON_MANAGED',
        sourcePipelineArn: BASTION,
        sourcePipelineName: 'bastion-host-minimal',
        imageRecipe: { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/bastion-minimal/1.0.2', name: 'bastion-minimal', version: '1.0.2', owner: '123456789012' },
        outputResources: {
          amis: [{ region: 'us-east-1', image: expect.stringMatching(/^ami-[0-9a-f]{17}$/), name: 'bastion-minimal 2026-11-20T12-00-00.000Z', state: { status: 'AVAILABLE' }, accountId: '123456789012' }],
        },
      });
      expect(await pipeline(BASTION)).toMatchObject({ lastRunStatus: 'AVAILABLE', consecutiveFailures: 0 });
    });

    it("skips TESTING for a pipeline that runs no tests, and puts a container recipe's image in its repositories", async () => {
      const windows = (await start(DEMO.windows)).imageBuildVersionArn!;
      const nginx = (await start(DEMO.nginx)).imageBuildVersionArn!;
      const seen: string[] = [];
      while (!['AVAILABLE', 'FAILED'].includes(seen[seen.length - 1] ?? '')) {
        emulator.advanceImages(windows, 1);
        seen.push((await statusOf(windows))!);
      }
      expect(seen).toEqual(['BUILDING', 'DISTRIBUTING', 'AVAILABLE']);
      emulator.advanceImages(nginx);
      expect(await getImage(nginx)).toMatchObject({
        type: 'DOCKER',
        platform: 'Linux',
        containerRecipe: { name: 'nginx-edge', containerType: 'DOCKER', targetRepository: { service: 'ECR', repositoryName: 'edge/nginx' } },
        outputResources: {
          containers: [
            { region: 'us-east-1', imageUris: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/edge/nginx:1.25.4-4'] },
            { region: 'us-west-2', imageUris: ['123456789012.dkr.ecr.us-west-2.amazonaws.com/edge/nginx:1.25.4-4'] },
          ],
        },
      });
    });

    it("moves at imageStepMs on the emulator's clock when nothing advances it", async () => {
      emulator.configure({ imageStepMs: 1000 });
      const arn = (await start(BASTION)).imageBuildVersionArn!;
      clock = START + 999;
      expect(await statusOf(arn)).toBe('PENDING');
      clock = START + 1000;
      expect(await statusOf(arn)).toBe('BUILDING');
      clock = START + 3999;
      expect(await statusOf(arn)).toBe('DISTRIBUTING');
      clock = START + 4000;
      expect(await statusOf(arn)).toBe('AVAILABLE');
    });

    it('starts one run for one client token: the same token and parameters answer with the same image; other parameters are a mismatch', async () => {
      const before = emulator.images.ofPipeline({ account: '123456789012', region: 'us-east-1' }, BASTION).length;
      const first = await start(BASTION, { clientToken: 'once', tags: { ticket: 'OPS-1' } });
      const again = await start(BASTION, { clientToken: 'once', tags: { ticket: 'OPS-1' } });
      expect(again.imageBuildVersionArn).toBe(first.imageBuildVersionArn);
      expect(emulator.images.ofPipeline({ account: '123456789012', region: 'us-east-1' }, BASTION)).toHaveLength(before + 1);
      expect(emulator.calls.calls('StartImagePipelineExecution').map((call) => [call.clientToken, call.outcome])).toEqual([
        ['once', 'ok'],
        ['once', 'ok'],
      ]);
      const otherTags = start(BASTION, { clientToken: 'once', tags: { ticket: 'OPS-2' } });
      await expect(otherTags).rejects.toBeInstanceOf(IdempotentParameterMismatchException);
      expect(await failure(start(DEMO.golden, { clientToken: 'once' }))).toEqual({
        name: 'IdempotentParameterMismatchException',
        status: 400,
        message: 'The client token once was already used with different parameters.',
      });
      expect((await getImage(first.imageBuildVersionArn!)).tags).toEqual({ ticket: 'OPS-1' });
    });

    it("tags the image with the pipeline's ImageTags and the call's tags, and refuses a token longer than the model's 64 characters", async () => {
      const arn = (await start(DEMO.golden, { tags: { ticket: 'OPS-7', os: 'al2023-patched' } })).imageBuildVersionArn!;
      expect((await getImage(arn)).tags).toEqual({ os: 'al2023-patched', hardened: 'false', 'built-by': 'image-builder', ticket: 'OPS-7' });
      expect(await failure(start(DEMO.golden, { clientToken: 'x'.repeat(65) }))).toMatchObject({
        name: 'InvalidParameterValueException',
        message: expect.stringContaining("at 'clientToken' failed to satisfy constraint: Member must have length less than or equal to 64"),
      });
    });

    it('answers ResourceNotFoundException for a pipeline the account does not hold, without using up the token', async () => {
      expect(await failure(start(DEMO.missing, { clientToken: 'kept' }))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
      expect((await start(BASTION, { clientToken: 'kept' })).imageBuildVersionArn).toBe(image('bastion-minimal/1.0.2', 4));
    });
  });

  describe('failures and consecutiveFailures', () => {
    it('fails the next N runs with the given reason, in the step given, then builds again', async () => {
      emulator.configure({ faults: { failBuilds: { count: 2, reason: 'Component hardening-check failed: exit status 3.', during: 'TESTING' } } });
      const arns = [];
      for (let run = 0; run < 3; run++) arns.push((await start(DEMO.nginx)).imageBuildVersionArn!);
      const seen: string[] = [];
      for (let step = 0; step < 3; step++) {
        emulator.advanceImages(arns[0], 1);
        seen.push((await statusOf(arns[0]!))!);
      }
      expect(seen).toEqual(['BUILDING', 'TESTING', 'FAILED']);
      emulator.advanceImages();
      expect(await Promise.all(arns.map(async (arn) => (await getImage(arn)).state))).toEqual([
        { status: 'FAILED', reason: 'Component hardening-check failed: exit status 3.' },
        { status: 'FAILED', reason: 'Component hardening-check failed: exit status 3.' },
        { status: 'AVAILABLE' },
      ]);
    });

    it('counts failed scheduled runs, not failed manual ones, and resets the count on a success', async () => {
      emulator.configure({ faults: { failBuilds: { count: 2, reason: 'Build component update-linux failed.' } } });
      emulator.runSchedule(DEMO.golden);
      emulator.advanceImages();
      expect(await pipeline(DEMO.golden)).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 1 });
      await start(DEMO.golden);
      emulator.advanceImages();
      expect(await pipeline(DEMO.golden)).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 1 });
      const scheduled = emulator.runSchedule(DEMO.golden);
      emulator.advanceImages();
      expect(await getImage(scheduled.arn)).toMatchObject({ buildType: 'SCHEDULED', state: { status: 'AVAILABLE' } });
      expect(await pipeline(DEMO.golden)).toMatchObject({ lastRunStatus: 'AVAILABLE', consecutiveFailures: 0 });
    });

    it("disables a pipeline whose failed scheduled runs reach its AutoDisablePolicy, as Cloud Control then reads it too", async () => {
      // eks-node-al2023 allows two; its last scheduled run failed.
      expect(await pipeline(EKS)).toMatchObject({ status: 'ENABLED', consecutiveFailures: 1, dateNextRun: '2026-12-01T08:00:00.000Z' });
      emulator.configure({ faults: { failBuilds: { count: 1, reason: 'kubelet-1.30 was not found.' } } });
      emulator.runSchedule(EKS);
      clock = START + 60_000;
      emulator.advanceImages();
      const disabled = await pipeline(EKS);
      expect(disabled).toMatchObject({ status: 'DISABLED', consecutiveFailures: 2, lastRunStatus: 'FAILED', dateUpdated: iso(START + 60_000) });
      expect(disabled).not.toHaveProperty('dateNextRun');
      const model = JSON.parse((await cloudControl.send(new GetResourceCommand({ TypeName: PIPELINE_TYPE, Identifier: EKS }))).ResourceDescription!.Properties!);
      expect(model.Status).toBe('DISABLED');
    });
  });

  describe('CancelImageCreation', () => {
    it('cancels a build in progress, idempotently by client token, and refuses one that has ended', async () => {
      const arn = (await start(BASTION)).imageBuildVersionArn!;
      emulator.advanceImages(arn, 1);
      const cancelled = await client.send(new CancelImageCreationCommand({ imageBuildVersionArn: arn, clientToken: 'stop-1' }));
      expect(cancelled).toMatchObject({ clientToken: 'stop-1', imageBuildVersionArn: arn });
      expect((await getImage(arn)).state).toEqual({ status: 'CANCELLED', reason: 'Image creation was cancelled by the user.' });
      expect(await pipeline(BASTION)).toMatchObject({ lastRunStatus: 'CANCELLED', consecutiveFailures: 0 });
      // The same request again is the same answer; a new one finds the build ended.
      expect((await client.send(new CancelImageCreationCommand({ imageBuildVersionArn: arn, clientToken: 'stop-1' }))).imageBuildVersionArn).toBe(arn);
      expect(await failure(client.send(new CancelImageCreationCommand({ imageBuildVersionArn: arn, clientToken: 'stop-2' })))).toEqual({
        name: 'InvalidRequestException',
        status: 400,
        message: `The image ${arn} is CANCELLED: only an image whose creation is in progress can be cancelled.`,
      });
      expect(await failure(client.send(new CancelImageCreationCommand({ imageBuildVersionArn: image('bastion-minimal/1.0.2', 99), clientToken: 'stop-3' })))).toMatchObject({
        name: 'ResourceNotFoundException',
        status: 404,
      });
      expect(emulator.advanceImages(arn)).toEqual([]);
    });
  });

  describe('ListImagePipelineImages', () => {
    const list = (input: { imagePipelineArn: string; maxResults?: number; nextToken?: string; filters?: { name: string; values: string[] }[] }) =>
      client.send(new ListImagePipelineImagesCommand(input));

    it('lists a pipeline’s images newest first, a page of maxResults at a time', async () => {
      const first = await list({ imagePipelineArn: DEMO.golden, maxResults: 4 });
      expect(first.imageSummaryList!.map((summary) => [summary.version, summary.state!.status, summary.buildType])).toEqual([
        ['3.2.0/6', 'BUILDING', 'USER_INITIATED'],
        ['3.2.0/5', 'AVAILABLE', 'SCHEDULED'],
        ['3.2.0/4', 'AVAILABLE', 'SCHEDULED'],
        ['3.2.0/3', 'AVAILABLE', 'SCHEDULED'],
      ]);
      expect(first.imageSummaryList![1]).toMatchObject({
        arn: image('al2023-golden/3.2.0', 5),
        name: 'al2023-golden',
        type: 'AMI',
        platform: 'Linux',
        owner: '123456789012',
        dateCreated: iso(START - 7 * DAY),
        tags: { os: 'al2023', hardened: 'false', 'built-by': 'image-builder' },
        outputResources: { amis: [{ region: 'us-east-1' }, { region: 'us-west-2' }] },
      });
      // A run started since the first page does not shift the next one.
      await start(DEMO.golden);
      const second = await list({ imagePipelineArn: DEMO.golden, maxResults: 4, nextToken: first.nextToken });
      expect(second.imageSummaryList!.map((summary) => summary.version)).toEqual(['3.2.0/2', '3.2.0/1']);
      expect(second.nextToken).toBeUndefined();
    });

    it('filters by name and version, and answers ResourceNotFoundException for a pipeline the account does not hold', async () => {
      const versions = async (filters: { name: string; values: string[] }[]) =>
        (await list({ imagePipelineArn: DEMO.ubuntu, filters })).imageSummaryList!.map((summary) => summary.version);
      expect(await versions([{ name: 'version', values: ['2.4.1/2', '2.4.1/4'] }])).toEqual(['2.4.1/4', '2.4.1/2']);
      expect(await versions([{ name: 'version', values: ['2.4.1'] }])).toHaveLength(5);
      expect(await versions([{ name: 'name', values: ['ubuntu-2204-cis'] }, { name: 'version', values: ['2.4.1/5'] }])).toEqual(['2.4.1/5']);
      expect(await versions([{ name: 'name', values: ['al2023-golden'] }])).toEqual([]);
      await expect(list({ imagePipelineArn: DEMO.missing })).rejects.toBeInstanceOf(ResourceNotFoundException);
    });
  });

  describe('GetImage', () => {
    it('answers with the image and what it was built with, by its build version or the newest build of a version', async () => {
      expect(await getImage(image('al2023-golden/3.2.0', 5))).toMatchObject({
        arn: image('al2023-golden/3.2.0', 5),
        state: { status: 'AVAILABLE' },
        buildType: 'SCHEDULED',
        enhancedImageMetadataEnabled: true,
        imageRecipe: { name: 'al2023-golden', parentImage: 'arn:aws:imagebuilder:us-east-1:aws:image/amazon-linux-2023-x86/x.x.x', platform: 'Linux' },
        infrastructureConfiguration: { name: 'standard-build-fleet', instanceTypes: ['m6i.large', 'm5.large'] },
        distributionConfiguration: { name: 'org-wide-ami-sharing', distributions: [{ region: 'us-east-1' }, { region: 'us-west-2' }] },
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
        workflows: [{ workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x' }, { parallelGroup: 'smoke-tests' }],
        loggingConfiguration: { logGroupName: '/aws/imagebuilder/amazon-linux-2023-golden' },
      });
      expect((await getImage('arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/3.2.0')).arn).toBe(image('al2023-golden/3.2.0', 6));
      expect((await getImage('arn:aws:imagebuilder:us-east-1:123456789012:image/al2023-golden/x.x.x')).arn).toBe(image('al2023-golden/3.2.0', 6));
      expect(await failure(client.send(new GetImageCommand({ imageBuildVersionArn: image('al2023-golden/3.2.0', 40) })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    });

    it('shows the failure reason of a failed demo build', async () => {
      expect((await getImage(image('ubuntu-2204-cis/2.4.1', 5))).state).toEqual({
        status: 'FAILED',
        reason: 'Test workflow cis-benchmarks failed: 2 CIS Level 1 controls are not compliant (5.2.4, 6.1.10).',
      });
    });
  });

  describe('the controls', () => {
    it('advance the demo build in progress, and every build, on demand', async () => {
      const building = image('al2023-golden/3.2.0', 6);
      expect(await statusOf(building)).toBe('BUILDING');
      expect(emulator.advanceImages().map(({ arn, status }) => [arn, status])).toEqual([[building, 'AVAILABLE']]);
      expect(() => emulator.advanceImages(image('al2023-golden/3.2.0', 99))).toThrow(`no image ${image('al2023-golden/3.2.0', 99)}`);
    });

    it('are driven over the control API as well: advancing images and running a schedule', async () => {
      const post = (path: string, body: unknown) => fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', body: JSON.stringify(body) });
      const run = await post('schedule/run', { pipelineArn: BASTION });
      expect(run.status).toBe(200);
      const started = (await run.json()) as { arn: string; status: string; buildType: string };
      expect(started).toMatchObject({ arn: image('bastion-minimal/1.0.2', 4), status: 'PENDING', buildType: 'SCHEDULED', pipelineArn: BASTION });
      const advanced = await post('images/advance', { imageArn: started.arn, steps: 2 });
      expect(await advanced.json()).toEqual({ advanced: [{ arn: started.arn, status: 'TESTING' }] });
      expect(await (await post('images/advance', {})).json()).toEqual({
        advanced: [
          { arn: image('al2023-golden/3.2.0', 6), status: 'AVAILABLE' },
          { arn: started.arn, status: 'AVAILABLE' },
        ],
      });
      const images = (await (await fetch(`${emulator.url}/_emulator/images`)).json()) as { arn: string; status: string }[];
      expect(images.find((entry) => entry.arn === started.arn)).toMatchObject({ status: 'AVAILABLE', account: '123456789012', region: 'us-east-1' });
      expect((await post('images/advance', { imageArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image/none/1.0.0/1' })).status).toBe(404);
      expect((await post('images/advance', { steps: 0 })).status).toBe(400);
      expect((await post('schedule/run', { pipelineArn: DEMO.missing })).status).toBe(404);
      expect((await post('schedule/run', {})).status).toBe(400);
    });
  });
});
