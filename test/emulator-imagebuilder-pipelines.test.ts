import { CloudControlClient, CreateResourceCommand, DeleteResourceCommand, GetResourceCommand, UpdateResourceCommand } from '@aws-sdk/client-cloudcontrol';
import {
  GetImagePipelineCommand,
  type ImagePipeline,
  ImagebuilderClient,
  InvalidPaginationTokenException,
  InvalidParameterValueException,
  ListImagePipelinesCommand,
  type ListImagePipelinesCommandInput,
  paginateListImagePipelines,
  ResourceNotFoundException,
} from '@aws-sdk/client-imagebuilder';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { demoPipelines } from '../src/emulator/seed/demo-pipelines';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { PIPELINE_TYPE as TypeName } from './support/emulator';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

/**
 * Image Builder's own view of pipelines, over the same store as Cloud Control: the model in the
 * API's names with what the service keeps beside it (dates, platform, health, next run).
 */
const DAY = 24 * 3600 * 1000;
/** A Friday, noon UTC: every date below follows from it. */
const START = Date.UTC(2026, 10, 20, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();
const US_EAST_PIPELINES = [
  'amazon-linux-2023-golden', 'bastion-host-minimal', 'eks-node-al2023', 'gpu-deep-learning-base',
  'nginx-edge-container', 'python-runtime-container', 'ubuntu-22-04-cis-hardened', 'windows-server-2022-base',
];

describe('the emulator speaks Image Builder: pipelines', () => {
  let emulator: Emulator;
  let clock = START;
  const clients: { destroy(): void }[] = [];
  const imageBuilder = (region = 'us-east-1', credentials: AwsCredentialIdentity = TEST_CREDENTIALS) => {
    const client = new ImagebuilderClient({ region, endpoint: emulator.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  let cloudControl: CloudControlClient;
  const pipeline = async (imagePipelineArn: string, region = 'us-east-1') =>
    (await imageBuilder(region).send(new GetImagePipelineCommand({ imagePipelineArn }))).imagePipeline!;
  const failure = (call: Promise<unknown>) =>
    call.then(
      () => 'succeeded',
      (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => ({ name: error.name, status: error.$metadata.httpStatusCode, message: error.message }),
    );

  beforeAll(async () => {
    emulator = await startEmulator({ now: () => clock, settings: { writeDelayMs: 600_000, imageStepMs: 600_000 } });
    cloudControl = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    clients.push(cloudControl);
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await emulator.close();
  });
  beforeEach(() => {
    clock = START;
    emulator.reset();
  });

  describe('GetImagePipeline', () => {
    it('answers with the Cloud Control model in the API’s names, and the dates, platform and health the service keeps', async () => {
      const golden = await pipeline(DEMO.golden);
      expect(golden).toEqual({
        arn: DEMO.golden,
        name: 'amazon-linux-2023-golden',
        description: 'Golden Amazon Linux 2023 AMI for every service team, rebuilt weekly with the latest patches.',
        platform: 'Linux',
        enhancedImageMetadataEnabled: true,
        imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023-golden/3.2.0',
        infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
        distributionConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/org-wide-ami-sharing',
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
        schedule: {
          scheduleExpression: 'cron(0 6 ? * MON *)',
          timezone: 'America/New_York',
          pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
          autoDisablePolicy: { failureCount: 3 },
        },
        status: 'ENABLED',
        dateCreated: iso(START - 210 * DAY),
        dateUpdated: iso(START - 40 * DAY),
        lastRunStatus: 'BUILDING',
        // Monday 23 November, 06:00 in New York (EST, UTC-5).
        dateNextRun: '2026-11-23T11:00:00.000Z',
        tags: { team: 'platform', env: 'prod', 'cost-center': 'cc-1042' },
        imageScanningConfiguration: { imageScanningEnabled: true },
        imageTags: { os: 'al2023', hardened: 'false', 'built-by': 'image-builder' },
        executionRole: 'arn:aws:iam::123456789012:role/ImageBuilderWorkflowExecution',
        workflows: [
          { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x', onFailure: 'ABORT' },
          { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/x.x.x', parallelGroup: 'smoke-tests', onFailure: 'CONTINUE' },
        ],
        loggingConfiguration: {
          imageLogGroupName: '/aws/imagebuilder/amazon-linux-2023-golden',
          pipelineLogGroupName: '/aws/imagebuilder/pipeline/amazon-linux-2023-golden',
        },
        consecutiveFailures: 0,
      });
      // The model says dateLastRun "is no longer supported, and does not return a value"; DeploymentId is Cloud Control's alone.
      expect(golden).not.toHaveProperty('dateLastRun');
      expect(golden).not.toHaveProperty('deploymentId');
    });

    it("computes the next run from the schedule's cron expression in its time zone, and gives none to a disabled or unscheduled pipeline", async () => {
      const nextRuns = async (region: string, names: string[]) => {
        const listed = (await imageBuilder(region).send(new ListImagePipelinesCommand({}))).imagePipelineList!;
        return Object.fromEntries(names.map((name) => [name, listed.find((entry) => entry.name === name)!.dateNextRun ?? null]));
      };
      expect(await nextRuns('us-east-1', ['ubuntu-22-04-cis-hardened', 'nginx-edge-container', 'eks-node-al2023', 'bastion-host-minimal', 'windows-server-2022-base', 'gpu-deep-learning-base'])).toEqual({
        'ubuntu-22-04-cis-hardened': '2026-11-21T02:30:00.000Z', // cron(30 2 * * ? *), UTC
        'nginx-edge-container': '2026-11-21T04:00:00.000Z', // cron(0 4 ? * * *), no time zone: UTC
        'eks-node-al2023': '2026-12-01T08:00:00.000Z', // cron(0 8 1 * ? *): the 1st of the month
        'bastion-host-minimal': '2026-12-01T00:00:00.000Z', // cron(0 0 1,15 * ? *): the 1st or the 15th
        'windows-server-2022-base': null, // DISABLED
        'gpu-deep-learning-base': null, // no schedule
      });
      // Sunday 01:00 in Paris (CET, UTC+1); Friday 18:00 in Sydney (AEDT, UTC+11).
      expect(await nextRuns('eu-west-1', ['rhel-9-stig'])).toEqual({ 'rhel-9-stig': '2026-11-22T00:00:00.000Z' });
      expect(await nextRuns('ap-southeast-2', ['analytics-worker'])).toEqual({ 'analytics-worker': '2026-11-27T07:00:00.000Z' });
    });

    it("takes the platform from the recipe's parent image: Windows for a Windows recipe, Linux for the others and for containers", async () => {
      expect((await pipeline(DEMO.windows)).platform).toBe('Windows');
      expect((await pipeline(DEMO.nginx)).platform).toBe('Linux');
      expect((await pipeline(DEMO.ubuntu)).platform).toBe('Linux');
    });

    it('answers ResourceNotFoundException (404) for a pipeline the account does not hold in the region, and checks the ARN against the model', async () => {
      expect(await failure(imageBuilder().send(new GetImagePipelineCommand({ imagePipelineArn: DEMO.missing })))).toEqual({
        name: 'ResourceNotFoundException',
        status: 404,
        message: `The image pipeline with ARN ${DEMO.missing} does not exist.`,
      });
      // The EU pipeline exists, but not in the region the call was signed for.
      expect(await failure(imageBuilder().send(new GetImagePipelineCommand({ imagePipelineArn: DEMO.euRhel })))).toMatchObject({ name: 'ResourceNotFoundException' });
      const malformed = imageBuilder().send(new GetImagePipelineCommand({ imagePipelineArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/Upper Case' }));
      await expect(malformed).rejects.toBeInstanceOf(InvalidParameterValueException);
      expect(await failure(malformed)).toMatchObject({
        status: 400,
        message: expect.stringMatching(/^1 validation error detected: Value 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline\/Upper Case' at 'imagePipelineArn' failed to satisfy constraint: Member must satisfy regular expression pattern: /),
      });
    });
  });

  describe('one store with Cloud Control', () => {
    it('shows a pipeline created through Cloud Control, with its creation date, and not once it is deleted', async () => {
      const desired = {
        Name: 'Shared Store',
        ImageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/windows-2022-base/1.7.0',
        InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/windows-build-fleet',
        // Day of week 7: Saturday, as AWS numbers days (1 is Sunday).
        Schedule: { ScheduleExpression: 'cron(15 9 ? * 7 *)', Timezone: 'Europe/London' },
      };
      const created = (await cloudControl.send(new CreateResourceCommand({ TypeName, DesiredState: JSON.stringify(desired) }))).ProgressEvent!;
      const arn = created.Identifier!;
      expect(await failure(imageBuilder().send(new GetImagePipelineCommand({ imagePipelineArn: arn })))).toMatchObject({ name: 'ResourceNotFoundException' });
      clock = START + 60_000;
      emulator.completeRequests(created.RequestToken!);
      expect(await pipeline(arn)).toMatchObject({
        arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/shared-store',
        name: 'Shared Store',
        platform: 'Windows',
        status: 'ENABLED',
        schedule: { scheduleExpression: 'cron(15 9 ? * 7 *)', timezone: 'Europe/London', pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' },
        dateCreated: iso(START + 60_000),
        dateUpdated: iso(START + 60_000),
        dateNextRun: '2026-11-21T09:15:00.000Z',
        consecutiveFailures: 0,
      });
      expect(await pipeline(arn)).not.toHaveProperty('lastRunStatus');

      const deleted = (await cloudControl.send(new DeleteResourceCommand({ TypeName, Identifier: arn }))).ProgressEvent!;
      emulator.completeRequests(deleted.RequestToken!);
      expect(await failure(imageBuilder().send(new GetImagePipelineCommand({ imagePipelineArn: arn })))).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
    });

    it('dates an update through Cloud Control, which resets the consecutive failures, as the model documents', async () => {
      expect(await pipeline(DEMO.ubuntu)).toMatchObject({ consecutiveFailures: 2, lastRunStatus: 'FAILED', dateUpdated: iso(START - 20 * DAY) });
      clock = START + 5 * 60_000;
      const patch = JSON.stringify([{ op: 'replace', path: '/Description', value: 'Fixed the failing controls.' }]);
      const updating = (await cloudControl.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.ubuntu, PatchDocument: patch }))).ProgressEvent!;
      emulator.completeRequests(updating.RequestToken!);
      expect(await pipeline(DEMO.ubuntu)).toMatchObject({
        description: 'Fixed the failing controls.',
        consecutiveFailures: 0,
        lastRunStatus: 'FAILED',
        dateCreated: iso(START - 150 * DAY),
        dateUpdated: iso(START + 5 * 60_000),
      });
    });

    it('dates a change when its write came due, not when a later call happened to settle it', async () => {
      emulator.configure({ writeDelayMs: 1000 });
      const patch = JSON.stringify([{ op: 'replace', path: '/Description', value: 'Settled late.' }]);
      await cloudControl.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.nginx, PatchDocument: patch }));
      clock = START + 60_000;
      expect(await pipeline(DEMO.nginx)).toMatchObject({ description: 'Settled late.', dateUpdated: iso(START + 1000) });
    });
  });

  const names = (list: ImagePipeline[] | undefined) => (list ?? []).map((entry) => entry.name!);

  describe('ListImagePipelines', () => {
    it('pages by maxResults with nextToken, in ARN order, each entry the full pipeline', async () => {
      const client = imageBuilder();
      const first = await client.send(new ListImagePipelinesCommand({ maxResults: 3 }));
      expect(names(first.imagePipelineList)).toEqual(US_EAST_PIPELINES.slice(0, 3));
      expect(first.imagePipelineList![0]).toEqual(await pipeline(DEMO.golden));
      const second = await client.send(new ListImagePipelinesCommand({ maxResults: 3, nextToken: first.nextToken }));
      expect(names(second.imagePipelineList)).toEqual(US_EAST_PIPELINES.slice(3, 6));
      const third = await client.send(new ListImagePipelinesCommand({ maxResults: 3, nextToken: second.nextToken }));
      expect(names(third.imagePipelineList)).toEqual(US_EAST_PIPELINES.slice(6));
      expect(third.nextToken).toBeUndefined();
      // 25 a page unless asked; the SDK's paginator walks the same pages.
      expect(names((await client.send(new ListImagePipelinesCommand({}))).imagePipelineList)).toEqual(US_EAST_PIPELINES);
      const paged: string[] = [];
      for await (const page of paginateListImagePipelines({ client, pageSize: 5 }, {})) paged.push(...names(page.imagePipelineList));
      expect(paged).toEqual(US_EAST_PIPELINES);
    });

    it('filters by name (up to 10 values), status and the other documented attributes, all filters at once', async () => {
      const list = async (filters: { name: string; values: string[] }[]) => names((await imageBuilder().send(new ListImagePipelinesCommand({ filters }))).imagePipelineList);
      expect(await list([{ name: 'name', values: ['nginx-edge-container', 'bastion-host-minimal', 'not-there'] }])).toEqual(['bastion-host-minimal', 'nginx-edge-container']);
      expect(await list([{ name: 'status', values: ['DISABLED'] }])).toEqual(['python-runtime-container', 'windows-server-2022-base']);
      expect(
        await list([
          { name: 'infrastructureConfigurationArn', values: ['arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/container-build-fleet'] },
          { name: 'status', values: ['ENABLED'] },
        ]),
      ).toEqual(['nginx-edge-container']);
      expect(await list([{ name: 'imageRecipeArn', values: ['arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/gpu-dl-base/0.9.3'] }])).toEqual(['gpu-deep-learning-base']);
      expect(await list([{ name: 'name', values: ['Amazon-Linux-2023-Golden'] }])).toEqual([]);
    });

    it('refuses what the model does not allow: more than 25 results, more than 10 values, an undocumented filter, a token it did not give', async () => {
      const list = (input: ListImagePipelinesCommandInput) => failure(imageBuilder().send(new ListImagePipelinesCommand(input)));
      expect(await list({ maxResults: 26 })).toEqual({
        name: 'InvalidParameterValueException',
        status: 400,
        message: "1 validation error detected: Value '26' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 25",
      });
      expect(await list({ filters: [{ name: 'name', values: Array.from({ length: 11 }, (_, i) => `p${i}`) }] })).toMatchObject({
        name: 'InvalidParameterValueException',
        message: expect.stringContaining("at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10"),
      });
      expect(await list({ filters: [{ name: 'platform', values: ['Linux'] }] })).toMatchObject({
        name: 'InvalidParameterValueException',
        message: 'The filter name platform is not valid. Valid filters: description, distributionConfigurationArn, imageRecipeArn, infrastructureConfigurationArn, name, status.',
      });
      await expect(imageBuilder().send(new ListImagePipelinesCommand({ nextToken: 'bm90LWEtdG9rZW4=' }))).rejects.toBeInstanceOf(InvalidPaginationTokenException);
      // A token continues only the list it came from: not the same list with other filters.
      const { nextToken } = await imageBuilder().send(new ListImagePipelinesCommand({ maxResults: 1 }));
      expect(await list({ nextToken, filters: [{ name: 'status', values: ['ENABLED'] }] })).toMatchObject({ name: 'InvalidPaginationTokenException', status: 400 });
    });
  });

  describe('accounts', () => {
    it("shows each caller its own account's pipelines: keys from AssumeRole see the second account's, not the first's", async () => {
      const sts = new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      clients.push(sts);
      const { Credentials: keys } = await sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::210987654321:role/ImageBuilderGateway', RoleSessionName: 'pipelines' }));
      const second = imageBuilder('us-east-1', { accessKeyId: keys!.AccessKeyId!, secretAccessKey: keys!.SecretAccessKey!, sessionToken: keys!.SessionToken! });
      const listed = await second.send(new ListImagePipelinesCommand({}));
      expect(names(listed.imagePipelineList)).toEqual(['payments-api-golden', 'payments-batch-golden']);
      expect(listed.imagePipelineList![0]).toMatchObject({ consecutiveFailures: 1, lastRunStatus: 'FAILED' });
      expect(await failure(second.send(new GetImagePipelineCommand({ imagePipelineArn: DEMO.golden })))).toMatchObject({ name: 'ResourceNotFoundException' });
      const calls = emulator.calls.calls().filter((call) => call.service === 'imagebuilder');
      expect(calls.map((call) => [call.operation, call.account, call.accessKeyId.slice(0, 4)])).toEqual([
        ['ListImagePipelines', '210987654321', 'ASIA'],
        ['GetImagePipeline', '210987654321', 'ASIA'],
      ]);
    });
  });

  describe('the demo data', () => {
    it('keeps every demo pipeline’s Cloud Control model exactly as it is, beside a history with passes, failures and a build in progress', async () => {
      for (const { model, region } of demoPipelines('123456789012')) {
        const regional = new CloudControlClient({ region, endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
        clients.push(regional);
        const read = await regional.send(new GetResourceCommand({ TypeName, Identifier: String(model.Arn) }));
        expect(JSON.parse(read.ResourceDescription!.Properties!)).toEqual(model);
      }
      const health = Object.fromEntries(
        ((await imageBuilder().send(new ListImagePipelinesCommand({}))).imagePipelineList ?? []).map((entry) => [entry.name!, [entry.lastRunStatus ?? null, entry.consecutiveFailures]]),
      );
      expect(health).toEqual({
        'amazon-linux-2023-golden': ['BUILDING', 0],
        'bastion-host-minimal': ['AVAILABLE', 0],
        'eks-node-al2023': ['FAILED', 1],
        'gpu-deep-learning-base': ['AVAILABLE', 0],
        'nginx-edge-container': ['AVAILABLE', 0],
        'python-runtime-container': [null, 0],
        'ubuntu-22-04-cis-hardened': ['FAILED', 2],
        // A failed run started by hand leaves the count as it was.
        'windows-server-2022-base': ['FAILED', 0],
      });
      expect(await pipeline(DEMO.euRhel, 'eu-west-1')).toMatchObject({ lastRunStatus: 'FAILED', consecutiveFailures: 3 });
    });
  });

  describe('the wire', () => {
    it('answers errors with x-amzn-ErrorType, a JSON body with message and the modelled status; results carry the request id', async () => {
      const get = (path: string, init: RequestInit = {}) =>
        fetch(`${emulator.url}${path}`, {
          ...init,
          headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20261120/us-east-1/imagebuilder/aws4_request, SignedHeaders=host, Signature=abc' },
        });
      const missing = await get(`/GetImagePipeline?imagePipelineArn=${encodeURIComponent(DEMO.missing)}`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
      expect(missing.headers.get('content-type')).toBe('application/json');
      expect(await missing.json()).toEqual({ message: `The image pipeline with ARN ${DEMO.missing} does not exist.` });
      const found = await get(`/GetImagePipeline?imagePipelineArn=${encodeURIComponent(DEMO.golden)}`);
      const body = (await found.json()) as { requestId: string; imagePipeline: { arn: string } };
      expect(body.requestId).toBe(found.headers.get('x-amzn-requestid'));
      expect(body.imagePipeline.arn).toBe(DEMO.golden);
      expect((await get('/ListImagePipelines')).headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      const unserved = await get(`/GetImageRecipe?imageRecipeArn=${encodeURIComponent('arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023-golden/3.2.0')}`);
      expect([unserved.status, unserved.headers.get('x-amzn-errortype')]).toEqual([404, 'UnknownOperationException']);
      expect(((await unserved.json()) as { message: string }).message).toMatch(/^GetImageRecipe is in the Image Builder API, but this emulator serves only GetImagePipeline, /);
      const badJson = await get('/ListImagePipelines', { method: 'POST', body: '{"maxResults":' });
      expect([badJson.status, badJson.headers.get('x-amzn-errortype')]).toEqual([400, 'SerializationException']);
    });
  });
});
