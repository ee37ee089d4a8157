import { DEMO, type Stack, startStack } from './support/stack';
import { storedPipeline } from './support/emulator';

const ALL_FIELDS = `
  id arn accountId region name description status
  imageTestsConfiguration { imageTestsEnabled timeoutMinutes }
  schedule { scheduleExpression pipelineExecutionStartCondition timezone autoDisablePolicy { failureCount } }
  imageRecipeArn containerRecipeArn distributionConfigurationArn infrastructureConfigurationArn
  workflows { workflowArn parameters { name value } parallelGroup onFailure }
  enhancedImageMetadataEnabled
  imageScanningConfiguration { imageScanningEnabled ecrConfiguration { repositoryName containerTags } }
  executionRole tags { key value } imageTags { key value } loggingConfiguration { imageLogGroupName pipelineLogGroupName }
  deploymentId properties
`;

describe('reading one pipeline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('returns every field of the contract, typed, from the CloudFormation model', async () => {
    const { body } = await stack.gql(`query($arn: String!) { imagePipeline(arn: $arn) { ${ALL_FIELDS} } }`, { arn: DEMO.golden });
    expect(body.errors).toBeUndefined();
    const model = storedPipeline(stack.emulator, DEMO.golden)!;
    const pipeline = body.data!.imagePipeline;
    expect(pipeline).toEqual({
      id: Buffer.from(`ImagePipeline:${DEMO.golden}`).toString('base64'),
      arn: DEMO.golden,
      accountId: '123456789012',
      region: 'us-east-1',
      name: 'amazon-linux-2023-golden',
      description: model.Description,
      status: 'ENABLED',
      imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
      schedule: {
        scheduleExpression: 'cron(0 6 ? * MON *)',
        pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE',
        timezone: 'America/New_York',
        autoDisablePolicy: { failureCount: 3 },
      },
      imageRecipeArn: model.ImageRecipeArn,
      containerRecipeArn: null,
      distributionConfigurationArn: model.DistributionConfigurationArn,
      infrastructureConfigurationArn: model.InfrastructureConfigurationArn,
      workflows: [
        { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x', parameters: [], parallelGroup: null, onFailure: 'ABORT' },
        { workflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/x.x.x', parameters: [], parallelGroup: 'smoke-tests', onFailure: 'CONTINUE' },
      ],
      enhancedImageMetadataEnabled: true,
      imageScanningConfiguration: { imageScanningEnabled: true, ecrConfiguration: null },
      executionRole: 'arn:aws:iam::123456789012:role/ImageBuilderWorkflowExecution',
      tags: [
        { key: 'team', value: 'platform' },
        { key: 'env', value: 'prod' },
        { key: 'cost-center', value: 'cc-1042' },
      ],
      imageTags: [
        { key: 'os', value: 'al2023' },
        { key: 'hardened', value: 'false' },
        { key: 'built-by', value: 'image-builder' },
      ],
      loggingConfiguration: {
        imageLogGroupName: '/aws/imagebuilder/amazon-linux-2023-golden',
        pipelineLogGroupName: '/aws/imagebuilder/pipeline/amazon-linux-2023-golden',
      },
      deploymentId: model.DeploymentId,
      properties: model,
    });
  });

  it('maps container recipes, ECR scanning and workflow parameters', async () => {
    const { body } = await stack.gql(
      `{ nginx: imagePipeline(arn: "${DEMO.nginx}") { containerRecipeArn imageRecipeArn imageScanningConfiguration { ecrConfiguration { repositoryName containerTags } } schedule { timezone } }
         ubuntu: imagePipeline(arn: "${DEMO.ubuntu}") { workflows { parameters { name value } } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.nginx).toEqual({
      containerRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/nginx-edge/1.25.4',
      imageRecipeArn: null,
      imageScanningConfiguration: { ecrConfiguration: { repositoryName: 'edge/nginx-scans', containerTags: ['scan', 'nginx', 'edge'] } },
      schedule: { timezone: null },
    });
    expect(body.data!.ubuntu.workflows[0].parameters).toEqual([
      { name: 'cisLevel', value: ['1'] },
      { name: 'excludedControls', value: ['1.1.2', '5.2.4'] },
    ]);
  });

  it('costs one GetResource per distinct pipeline, concurrently, whatever the aliases', async () => {
    const hold = stack.emulator.hold({ operations: ['GetResource'] });
    const reads = (source: string) => stack.metric('upstream_reads_total', { operation: 'GetResource', source });
    const before = {
      all: await stack.metric('upstream_requests_total', { operation: 'GetResource', outcome: 'success' }),
      eu: await stack.metric('upstream_requests_total', { operation: 'GetResource', region: 'eu-west-1' }),
      upstream: await reads('upstream'),
      shared: (await reads('in_flight')) + (await reads('cache')) + (await reads('stale')),
    };
    const distinct = [DEMO.golden, DEMO.ubuntu, DEMO.nginx, DEMO.euGolden, DEMO.euRhel];
    const aliases = Array.from({ length: 20 }, (_, i) => {
      const arn = distinct[i % distinct.length];
      return `p${i}: imagePipeline(arn: "${arn}") { name ${i % 2 ? 'tags { key }' : 'schedule { timezone }'} }`;
    });
    const answer = stack.gql(`{ ${aliases.join('\n')} also: imagePipeline(arn: "${DEMO.euGolden}", region: "eu-west-1") { region } }`);
    // Every read is in flight at once, held by the emulator: they went out together, not one after another.
    await hold.waitForHeld(distinct.length);
    hold.release();
    const { body } = await answer;
    expect(body.errors).toBeUndefined();
    expect(body.data!.p3.name).toBe('amazon-linux-2023-golden');
    expect(body.data!.also.region).toBe('eu-west-1');

    const calls = stack.emulator.calls.calls('GetResource');
    expect(calls.map((call) => call.identifier).sort()).toEqual([...distinct].sort());
    expect(new Set(calls.map((call) => call.region))).toEqual(new Set(['us-east-1', 'eu-west-1']));
    expect(await stack.metric('upstream_requests_total', { operation: 'GetResource', outcome: 'success' })).toBe(before.all + distinct.length);
    expect(await stack.metric('upstream_requests_total', { operation: 'GetResource', region: 'eu-west-1' })).toBe(before.eu + 2);
    // The request's own loader asked for each pipeline once: had it asked per alias, the shared
    // reads beneath it would have answered the repeats (in flight), hiding them from the call count.
    expect(await reads('upstream')).toBe(before.upstream + distinct.length);
    expect((await reads('in_flight')) + (await reads('cache')) + (await reads('stale'))).toBe(before.shared);
  });

  it('counts requests and error codes in /metrics', async () => {
    const before = await stack.metric('graphql_errors_total', { code: 'BAD_USER_INPUT' });
    await stack.gql('{ imagePipeline(arn: "nope") { name } }');
    expect(await stack.metric('graphql_errors_total', { code: 'BAD_USER_INPUT' })).toBe(before + 1);
    expect(await stack.metric('http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThan(0);
  });

  it('answers a missing pipeline with null beside its found neighbours', async () => {
    const { body } = await stack.gql(`{
      found: imagePipeline(arn: "${DEMO.golden}") { name }
      missing: imagePipeline(arn: "${DEMO.missing}") { name }
      other: imagePipeline(arn: "${DEMO.euRhel}") { name }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ found: { name: 'amazon-linux-2023-golden' }, missing: null, other: { name: 'rhel-9-stig' } });
  });

  it('gives each request its own loader: a second request reads again', async () => {
    await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name } }`);
    await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name } }`);
    expect(stack.emulator.calls.count('GetResource')).toBe(2);
  });

  describe('refuses bad input with a clear error and no upstream call', () => {
    const cases: [string, string, RegExp][] = [
      ['a malformed ARN', '{ imagePipeline(arn: "not-an-arn") { name } }', /"not-an-arn" is not an ARN; expected an image pipeline ARN such as arn:aws:imagebuilder:/],
      [
        'the ARN of another resource type',
        '{ imagePipeline(arn: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/web/1.0.0") { name } }',
        /is the ARN of another resource type \(imagebuilder:image-recipe\), not of an image pipeline/,
      ],
      [
        'an ARN of another service',
        '{ imagePipeline(arn: "arn:aws:s3:::my-bucket") { name } }',
        /another resource type \(s3:my-bucket\)/,
      ],
      [
        'an ARN with a malformed region',
        '{ imagePipeline(arn: "arn:aws:imagebuilder:moon-base:123456789012:image-pipeline/x1") { name } }',
        /has no valid region \(found "moon-base"\)/,
      ],
      ['an unknown region format', `{ imagePipeline(arn: "${DEMO.golden}", region: "US East") { name } }`, /region "US East" is not an AWS region code; expected a code such as us-east-1/],
      [
        'a region that contradicts the ARN',
        `{ imagePipeline(arn: "${DEMO.golden}", region: "eu-west-1") { name } }`,
        /region "eu-west-1" contradicts the ARN, whose image pipeline lives in us-east-1; omit region or pass us-east-1/,
      ],
    ];
    it.each(cases)('%s', async (_name, query, message) => {
      const { body } = await stack.gql(query);
      expect(body.data).toEqual({ imagePipeline: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.message).toMatch(message);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(stack.emulator.calls.count()).toBe(0);
    });
  });
});

describe('the per-request concurrency cap', () => {
  it('keeps no more than CLOUDCONTROL_CONCURRENCY reads in flight for one request', async () => {
    const stack = await startStack({ env: { CLOUDCONTROL_CONCURRENCY: '2' } });
    try {
      const arns = [DEMO.golden, DEMO.ubuntu, DEMO.windows, DEMO.nginx, DEMO.euGolden, DEMO.euRhel];
      const hold = stack.emulator.hold({ operations: ['GetResource'] });
      const answer = stack.gql(`{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { name }`).join(' ')} }`);
      // Two reads go out together (a cap of one would never get here)...
      await hold.waitForHeld(2);
      hold.release();
      const { body } = await answer;
      expect(body.errors).toBeUndefined();
      // ...and never more (test/loaders.test.ts shows the bound exactly, at the loader).
      expect(stack.emulator.calls.count('GetResource')).toBe(6);
      expect(stack.emulator.calls.peakInFlight('GetResource')).toBe(2);
    } finally {
      await stack.close();
    }
  });
});

describe('upstream failures', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CLOUDCONTROL_TIMEOUT_MS: '3000', CLOUDCONTROL_MAX_ATTEMPTS: '2' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const query = `{ good: imagePipeline(arn: "${DEMO.golden}") { name } bad: imagePipeline(arn: "${DEMO.ubuntu}") { name } }`;

  it('reports access denied as FORBIDDEN with the permissions the read needs, on that field only', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['GetResource'], identifiers: [DEMO.ubuntu] } });
    const { body } = await stack.gql(query);
    expect(body.data).toEqual({ good: { name: 'amazon-linux-2023-golden' }, bad: null });
    expect(body.errors).toHaveLength(1);
    const error = body.errors![0]!;
    expect(error.path).toEqual(['bad']);
    expect(error.extensions).toMatchObject({
      code: 'FORBIDDEN',
      awsErrorName: 'AccessDeniedException',
      requiredPermissions: ['cloudformation:GetResource', 'imagebuilder:GetImagePipeline'],
    });
    expect(error.extensions!.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toMatch(/not allowed to perform Cloud Control GetResource in us-east-1 in account 123456789012\. It needs: cloudformation:GetResource, imagebuilder:GetImagePipeline/);
  });

  it('reports throttling that outlasts the retries as THROTTLED, after retrying', async () => {
    stack.emulator.configure({ faults: { ratePerSecond: 0, identifiers: [DEMO.ubuntu] } });
    const { body } = await stack.gql(query);
    expect(body.data).toEqual({ good: { name: 'amazon-linux-2023-golden' }, bad: null });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'THROTTLED', awsErrorName: 'ThrottlingException' });
    const attempts = stack.emulator.calls.calls('GetResource').filter((call) => call.identifier === DEMO.ubuntu);
    expect(attempts).toHaveLength(2);
    expect(await stack.metric('upstream_requests_total', { operation: 'GetResource', outcome: 'throttled' })).toBe(1);
  });

  it('retries a 5xx and succeeds when the service recovers', async () => {
    stack.emulator.configure({ faults: { failureRate: 0.5, seed: 7, identifiers: [DEMO.ubuntu] } });
    for (let i = 0; i < 5; i++) await stack.gql(query);
    const attempts = stack.emulator.calls.calls('GetResource').filter((call) => call.identifier === DEMO.ubuntu);
    expect(attempts.some((call) => call.outcome === 'HandlerInternalFailureException')).toBe(true);
    expect(attempts.some((call) => call.outcome === 'ok')).toBe(true);
  });

  it('fails a hanging upstream within the configured timeout as UPSTREAM_UNAVAILABLE', async () => {
    stack.emulator.configure({ faults: { hangRate: 1, identifiers: [DEMO.ubuntu] } });
    // The emulator holds the call for as long as the connection stays open: that the request is
    // answered at all shows the gateway gave up on its own, and the message names the bound.
    const { body } = await stack.gql(query);
    expect(body.data).toEqual({ good: { name: 'amazon-linux-2023-golden' }, bad: null });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(body.errors![0]!.message).toMatch(/did not answer within 3000 ms/);
  });
});

describe('/ready', () => {
  it('is ready when Cloud Control answers, even if it denies the probe: a read-only policy need not allow ListResourceRequests', async () => {
    const stack = await startStack({ emulator: { settings: { faults: { denyOperations: ['ListResourceRequests'] } } } });
    try {
      expect((await fetch(`${stack.origin}/ready`)).status).toBe(200);
      expect(stack.emulator.calls.calls('ListResourceRequests').map((call) => call.outcome)).toEqual(['AccessDeniedException']);
      expect((await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name } }`)).body.data).toEqual({ imagePipeline: { name: 'amazon-linux-2023-golden' } });
    } finally {
      await stack.close();
    }
  });
});

describe('an unreachable upstream', () => {
  it('is UPSTREAM_UNAVAILABLE, and /ready says so', async () => {
    const stack = await startStack({ endpoint: 'http://127.0.0.1:9', env: { CLOUDCONTROL_MAX_ATTEMPTS: '1' } });
    try {
      const { status, body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name } }`);
      expect(status).toBe(200);
      expect(body.data).toEqual({ imagePipeline: null });
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      // The first call it would make is learning its own account (nothing answers that either).
      expect(body.errors![0]!.message).toMatch(/(STS GetCallerIdentity|Cloud Control GetResource) in us-east-1 is unavailable/);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|stack/i);
      expect((await fetch(`${stack.origin}/ready`)).status).toBe(503);
      expect((await fetch(`${stack.origin}/health`)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
