import { CloudControlClient, DeleteResourceCommand } from '@aws-sdk/client-cloudcontrol';
import { DEMO, type Stack, startStack, TEST_CREDENTIALS } from './support/stack';

/**
 * The resources behind each pipeline, through HTTP, the SDK and the emulator: every assertion
 * counts the emulator's calls by resource type, none measures time.
 */
const RELATED = `
  imageRecipe { id arn name version parentImage components { componentArn parameters { name value } } }
  containerRecipe { id arn name containerType targetRepository { service repositoryName } }
  infrastructureConfiguration { id arn name instanceTypes instanceProfileName subnetId terminateInstanceOnFailure logging { s3Logs { s3BucketName } } }
  distributionConfiguration { id arn name distributions { region amiDistributionConfiguration { name targetAccountIds amiTags { key value } } } }
  workflows { workflowArn workflow { id arn name type version accountId } }`;
const DASHBOARD = `{ imagePipelines(region: "us-east-1", first: 100) { nodes { arn name ${RELATED} } } }`;
const RECIPE_TYPE = 'AWS::ImageBuilder::ImageRecipe';
const INFRA_TYPE = 'AWS::ImageBuilder::InfrastructureConfiguration';

interface Row {
  arn: string;
  imageRecipe: { arn: string } | null;
  containerRecipe: { arn: string } | null;
  infrastructureConfiguration: { arn: string } | null;
  distributionConfiguration: { arn: string } | null;
  workflows: { workflowArn: string; workflow: { arn: string; accountId: string } | null }[];
}

const reads = (stack: Stack, typeName: string) =>
  stack.emulator.calls.calls('GetResource').filter((call) => call.typeName === typeName).map((call) => call.identifier);
const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((value): value is string => value !== undefined))].sort();

describe('the resources behind each pipeline', () => {
  let stack: Stack;
  beforeAll(async () => {
    // 40 generated pipelines share a few recipe versions and one build fleet, beside the demo's own.
    stack = await startStack({ emulator: { fleet: { 'us-east-1': 40 } }, env: { MAX_UPSTREAM_KEYS: '1000' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('cost one GetResource per distinct related resource, however many pipelines share it', async () => {
    const { body } = await stack.gql<{ imagePipelines: { nodes: Row[] } }>(DASHBOARD);
    expect(body.errors).toBeUndefined();
    const rows = body.data!.imagePipelines.nodes;
    expect(rows.length).toBeGreaterThan(40);
    for (const [field, typeName] of [
      ['imageRecipe', RECIPE_TYPE],
      ['containerRecipe', 'AWS::ImageBuilder::ContainerRecipe'],
      ['infrastructureConfiguration', INFRA_TYPE],
      ['distributionConfiguration', 'AWS::ImageBuilder::DistributionConfiguration'],
    ] as const) {
      const named = distinct(rows.map((row) => row[field]?.arn));
      expect(named.length).toBeGreaterThan(0);
      expect(reads(stack, typeName).sort()).toEqual(named);
    }
    // Far fewer recipe reads than rows: the fleet shares its recipe versions.
    expect(reads(stack, RECIPE_TYPE).length).toBeLessThan(rows.length / 2);
    // Each was asked of Cloud Control by the request's own loader once: none was a repeat that
    // the shared reads beneath it answered (they would hide it from the call count).
    for (const resource of ['ImageRecipe', 'ContainerRecipe', 'InfrastructureConfiguration', 'DistributionConfiguration', 'Workflow']) {
      expect(await stack.metric('upstream_reads_total', { resource, source: 'in_flight' })).toBe(0);
    }
    // Workflows of the account are read once each; AWS-managed ones (account aws) are not Cloud Control
    // resources: Image Builder's GetWorkflow describes each, once.
    const workflows = rows.flatMap((row) => row.workflows.map((entry) => entry.workflow!));
    expect(workflows.some((workflow) => workflow.accountId === 'aws')).toBe(true);
    expect(reads(stack, 'AWS::ImageBuilder::Workflow').sort()).toEqual(distinct(workflows.filter((w) => w.accountId !== 'aws').map((w) => w.arn)));
    expect(stack.emulator.calls.calls('GetResource').some((call) => /^arn:[^:]+:[^:]+:[^:]+:aws:/.test(call.identifier ?? ''))).toBe(false);
    expect(stack.emulator.calls.calls('GetWorkflow').map((call) => call.identifier).sort()).toEqual(distinct(workflows.filter((w) => w.accountId === 'aws').map((w) => w.arn)));
  });

  it("answer typed fields from each resource schema, and the managed workflows from Image Builder's GetWorkflow", async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { ${RELATED} } nginx: imagePipeline(arn: "${DEMO.nginx}") { containerRecipe { name containerType targetRepository { service repositoryName } } } }`);
    expect(body.errors).toBeUndefined();
    const golden = body.data!.imagePipeline;
    expect(golden.imageRecipe).toMatchObject({ arn: expect.stringContaining(':image-recipe/al2023-golden/3.2.0'), name: 'al2023-golden', version: '3.2.0' });
    expect(golden.imageRecipe.components.length).toBeGreaterThan(0);
    expect(golden.infrastructureConfiguration).toMatchObject({ name: 'standard-build-fleet', instanceTypes: expect.arrayContaining(['m6i.large']) });
    expect(golden.distributionConfiguration.distributions.map((d: { region: string }) => d.region)).toContain('us-east-1');
    // The version the ARN's x.x.x stands for now, which the ARN alone cannot say.
    expect(golden.workflows[0].workflow).toMatchObject({ name: 'build-image', type: 'BUILD', version: '1.0.2', accountId: 'aws' });
    expect(body.data!.nginx.containerRecipe).toMatchObject({ containerType: 'DOCKER', targetRepository: { service: 'ECR' } });
  });

  it('are read once per request whatever the aliases and nesting, and shared across requests by the read cache', async () => {
    const cached = await startStack({ env: { CACHE_TTL_SECONDS: '60' } });
    try {
      const query = `{ a: imagePipeline(arn: "${DEMO.golden}") { infrastructureConfiguration { name } imageRecipe { name } }
        b: imagePipeline(arn: "${DEMO.ubuntu}") { infrastructureConfiguration { name } again: infrastructureConfiguration { arn } }
        c: infrastructureConfiguration(arn: "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet") { name } }`;
      expect((await cached.gql(query)).body.errors).toBeUndefined();
      expect(reads(cached, INFRA_TYPE)).toEqual(['arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet']);
      cached.emulator.calls.reset();
      expect((await cached.gql(query)).body.errors).toBeUndefined();
      expect(cached.emulator.calls.count('GetResource')).toBe(0);
    } finally {
      await cached.close();
    }
  });

  it('is null beside its pipeline when it no longer exists', async () => {
    const { body: before } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { imageRecipe { arn } } }`);
    const recipe = before.data!.imagePipeline.imageRecipe.arn as string;
    const client = new CloudControlClient({ endpoint: stack.emulator.url, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    try {
      const deleted = await client.send(new DeleteResourceCommand({ TypeName: RECIPE_TYPE, Identifier: recipe }));
      stack.emulator.completeRequests(deleted.ProgressEvent!.RequestToken!);
    } finally {
      client.destroy();
    }
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name imageRecipeArn imageRecipe { name } infrastructureConfiguration { name } } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.imagePipeline).toEqual({
      name: 'amazon-linux-2023-golden',
      imageRecipeArn: recipe,
      imageRecipe: null,
      infrastructureConfiguration: { name: 'standard-build-fleet' },
    });
  });

  it('fails only its own field, with the permissions its schema lists, when the read is denied', async () => {
    const infra = 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet';
    stack.emulator.configure({ faults: { denyOperations: ['GetResource'], identifiers: [infra] } });
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { name imageRecipe { name } infrastructureConfiguration { name } } }`);
    expect(body.data!.imagePipeline).toEqual({ name: 'amazon-linux-2023-golden', imageRecipe: { name: 'al2023-golden' }, infrastructureConfiguration: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({
      path: ['imagePipeline', 'infrastructureConfiguration'],
      extensions: { code: 'FORBIDDEN', requiredPermissions: ['cloudformation:GetResource', 'imagebuilder:GetInfrastructureConfiguration'] },
    });
  });

  it('round-trip through node(id) and nodes(ids), each as its own type', async () => {
    const { body } = await stack.gql(`{ imagePipeline(arn: "${DEMO.ubuntu}") { ${RELATED} } nginx: imagePipeline(arn: "${DEMO.nginx}") { containerRecipe { id arn } } }`);
    const pipeline = body.data!.imagePipeline;
    const objects: { typename: string; id: string; arn: string }[] = [
      { typename: 'ImageRecipe', ...pipeline.imageRecipe },
      { typename: 'ContainerRecipe', ...body.data!.nginx.containerRecipe },
      { typename: 'InfrastructureConfiguration', ...pipeline.infrastructureConfiguration },
      { typename: 'DistributionConfiguration', ...pipeline.distributionConfiguration },
      { typename: 'Workflow', ...pipeline.workflows.find((entry: Row['workflows'][number]) => entry.workflow?.accountId !== 'aws').workflow },
    ];
    for (const object of objects) {
      expect(Buffer.from(object.id, 'base64').toString('utf8')).toBe(`${object.typename}:${object.arn}`);
      const { body: found } = await stack.gql('query($id: ID!) { node(id: $id) { __typename id ... on ImageRecipe { arn } ... on ContainerRecipe { arn } ... on InfrastructureConfiguration { arn } ... on DistributionConfiguration { arn } ... on Workflow { arn } } }', { id: object.id });
      expect(found).toEqual({ data: { node: { __typename: object.typename, id: object.id, arn: object.arn } } });
    }
    const { body: many } = await stack.gql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: objects.map((object) => object.id) });
    expect(many.data!.nodes).toEqual(objects.map((object) => ({ __typename: object.typename, id: object.id })));
  });

  it('refuses an ARN of another type, or of no resource, before any call', async () => {
    const { body } = await stack.gql(`{ a: imageRecipe(arn: "${DEMO.golden}") { name } b: workflow(arn: "arn:aws:imagebuilder:us-east-1:123456789012:workflow/build/x") { name } }`);
    expect(body.data).toEqual({ a: null, b: null });
    expect(body.errors!.map((error) => error.extensions!.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(body.errors![0]!.message).toMatch(/is the ARN of another resource type \(imagebuilder:image-pipeline\), not of an image recipe/);
    expect(body.errors![1]!.message).toMatch(/does not match the Image Builder API's WorkflowVersionArnOrBuildVersionArn pattern/);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('are counted by the upstream-call estimate: a listing whose related reads could pass MAX_UPSTREAM_KEYS is refused before any call', async () => {
    const small = await startStack({ env: { MAX_UPSTREAM_KEYS: '150' } });
    try {
      const withoutRelated = await small.gql(`{ imagePipelines(first: 100) { nodes { name } } }`);
      expect(withoutRelated.body.errors).toBeUndefined();
      small.emulator.calls.reset();
      const { body } = await small.gql(`{ imagePipelines(first: 100) { nodes { name imageRecipe { name } } } }`);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS' });
      expect(small.emulator.calls.count()).toBe(0);
    } finally {
      await small.close();
    }
  });
});
