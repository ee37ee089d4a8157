import {
  CloudControlClient,
  GetResourceCommand,
  ListResourcesCommand,
  ResourceNotFoundException,
  TypeNotFoundException,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { demoPipelines } from '../src/emulator/seed/demo-pipelines';
import { PIPELINE_TYPE as IMAGE_PIPELINE_TYPE } from './support/emulator';
import { validateModel } from '../src/resources/validation';
import { TEST_CREDENTIALS } from './support/stack';

const TYPE = IMAGE_PIPELINE_TYPE;

describe('the emulator speaks the Cloud Control wire protocol', () => {
  let emulator: Emulator;
  const client = (region = 'us-east-1') => new CloudControlClient({ region, endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const post = (target: string | undefined, body: string, headers: Record<string, string> = {}) =>
    fetch(emulator.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261124/eu-west-1/cloudcontrolapi/aws4_request, SignedHeaders=host, Signature=abc',
        ...(target ? { 'x-amz-target': target } : {}),
        ...headers,
      },
      body,
    });

  it('answers errors with the modelled status, x-amzn-ErrorType and __type', async () => {
    const response = await post('CloudApiService.GetResource', JSON.stringify({ TypeName: TYPE, Identifier: 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/nope' }));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.cloudcontrol#ResourceNotFoundException',
      Message: "Resource of type 'AWS::ImageBuilder::ImagePipeline' with identifier 'arn:aws:imagebuilder:eu-west-1:123456789012:image-pipeline/nope' was not found.",
    });
  });

  it('routes on X-Amz-Target and takes the region from the SigV4 credential scope', async () => {
    const response = await post('CloudApiService.ListResources', JSON.stringify({ TypeName: TYPE }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ResourceDescriptions: { Identifier: string }[] };
    expect(body.ResourceDescriptions.length).toBeGreaterThan(0);
    expect(body.ResourceDescriptions.every((d) => d.Identifier.includes(':eu-west-1:'))).toBe(true);
    expect((await post('CloudApiService.Nope', '{}')).headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect((await post(undefined, '{}')).status).toBe(400);
  });

  it('refuses unsigned calls, bad JSON and constraint violations like AWS', async () => {
    const unsigned = await fetch(emulator.url, { method: 'POST', headers: { 'x-amz-target': 'CloudApiService.ListResources' }, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    const badJson = await post('CloudApiService.ListResources', '{"TypeName":');
    expect(badJson.headers.get('x-amzn-errortype')).toBe('SerializationException');
    const tooMany = await post('CloudApiService.ListResources', JSON.stringify({ TypeName: TYPE, MaxResults: 500 }));
    expect(tooMany.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(((await tooMany.json()) as { Message: string }).Message).toBe(
      "1 validation error detected: Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });

  it('is usable from the AWS SDK, with typed exceptions', async () => {
    const output = await client().send(new GetResourceCommand({ TypeName: TYPE, Identifier: demoPipelines('123456789012')[0]!.model.Arn as string }));
    expect(JSON.parse(output.ResourceDescription!.Properties!).Name).toBe('amazon-linux-2023-golden');
    await expect(client().send(new GetResourceCommand({ TypeName: TYPE, Identifier: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/x' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(client().send(new ListResourcesCommand({ TypeName: 'AWS::S3::Bucket' }))).rejects.toBeInstanceOf(TypeNotFoundException);
  });

  it('accepts the JSON form of an identifier', async () => {
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/eks-node-al2023';
    const output = await client().send(new GetResourceCommand({ TypeName: TYPE, Identifier: JSON.stringify({ Arn: arn }) }));
    expect(output.ResourceDescription!.Identifier).toBe(arn);
  });

  it('keeps regions apart: a pipeline exists only in its own region', async () => {
    const arn = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/eks-node-al2023';
    await expect(client('eu-west-1').send(new GetResourceCommand({ TypeName: TYPE, Identifier: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe('the emulator control API', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const configure = (body: unknown) => fetch(`${emulator.url}/_emulator/config`, { method: 'POST', body: JSON.stringify(body) });

  it('applies valid settings and answers with all of them', async () => {
    const response = await configure({ pageSize: 2, faults: { latencyMs: 5, denyOperations: ['GetResource'] } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ pageSize: 2, listProperties: 'identifier', faults: { latencyMs: 5, denyOperations: ['GetResource'], failureRate: 0 } });
    expect(await (await fetch(`${emulator.url}/_emulator/config`)).json()).toMatchObject({ pageSize: 2 });
  });

  it('refuses a mistyped or unknown setting, says which, and applies none of the patch', async () => {
    emulator.reset();
    const response = await configure({ pageSize: 'big', bogus: 1, faults: { failureRate: 2, latencyMs: 10 } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; problems: string[] };
    expect(body.message).toMatch(/^settings not applied: /);
    expect(body.problems).toEqual(
      expect.arrayContaining(['/ has no setting "bogus"', '/pageSize must be integer', '/faults/failureRate must be <= 1']),
    );
    expect(emulator.settings).toMatchObject({ pageSize: 25, faults: { latencyMs: 0, failureRate: 0 } });
  });
});

describe('the demo data', () => {
  const pipelines = demoPipelines('123456789012');

  it('is valid against the resource schema, API constraints included', () => {
    for (const { model } of pipelines) expect(validateModel(model, 'api')).toEqual([]);
  });

  it('spans at least two regions and uses every property of the schema', () => {
    expect(new Set(pipelines.map((p) => p.region)).size).toBeGreaterThanOrEqual(2);
    const used = new Set<string>();
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((item) => walk(item, `${path}/*`));
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          const next = path.endsWith('Tags') ? path : `${path}/${key}`;
          used.add(next);
          walk(child, next);
        }
      }
    };
    for (const { model } of pipelines) walk(model, '');
    for (const path of [
      '/Arn', '/Name', '/Description', '/ImageTestsConfiguration/ImageTestsEnabled', '/ImageTestsConfiguration/TimeoutMinutes', '/Status',
      '/Schedule/ScheduleExpression', '/Schedule/PipelineExecutionStartCondition', '/Schedule/Timezone', '/Schedule/AutoDisablePolicy/FailureCount',
      '/ImageRecipeArn', '/ContainerRecipeArn', '/DistributionConfigurationArn', '/InfrastructureConfigurationArn',
      '/Workflows/*/WorkflowArn', '/Workflows/*/Parameters/*/Name', '/Workflows/*/Parameters/*/Value', '/Workflows/*/ParallelGroup', '/Workflows/*/OnFailure',
      '/EnhancedImageMetadataEnabled', '/ImageScanningConfiguration/ImageScanningEnabled', '/ImageScanningConfiguration/EcrConfiguration/RepositoryName',
      '/ImageScanningConfiguration/EcrConfiguration/ContainerTags', '/ExecutionRole', '/LoggingConfiguration/ImageLogGroupName',
      '/LoggingConfiguration/PipelineLogGroupName', '/Tags', '/ImageTags', '/DeploymentId',
    ]) {
      expect(used).toContain(path);
    }
  });

  it('has container pipelines, disabled ones and unscheduled ones', () => {
    expect(pipelines.some((p) => p.model.ContainerRecipeArn)).toBe(true);
    expect(pipelines.some((p) => p.model.Status === 'DISABLED')).toBe(true);
    expect(pipelines.some((p) => !p.model.Schedule)).toBe(true);
  });
});
