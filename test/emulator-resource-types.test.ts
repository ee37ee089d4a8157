import {
  CloudControlClient,
  CreateResourceCommand,
  DeleteResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  InvalidRequestException,
  ListResourcesCommand,
  NotUpdatableException,
  type ProgressEvent,
  ResourceNotFoundException,
  TypeNotFoundException,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { TEST_CREDENTIALS } from './support/stack';

/**
 * The six types whose registry schemas are in data/cloudformation/, served generically: read,
 * listed, created, updated and deleted through the real AWS SDK, each held to its own schema.
 */
const EAST = 'arn:aws:imagebuilder:us-east-1:123456789012';
const TYPES = {
  pipeline: 'AWS::ImageBuilder::ImagePipeline',
  imageRecipe: 'AWS::ImageBuilder::ImageRecipe',
  containerRecipe: 'AWS::ImageBuilder::ContainerRecipe',
  infrastructure: 'AWS::ImageBuilder::InfrastructureConfiguration',
  distribution: 'AWS::ImageBuilder::DistributionConfiguration',
  workflow: 'AWS::ImageBuilder::Workflow',
} as const;

const DEMO: Record<keyof typeof TYPES, string> = {
  pipeline: `${EAST}:image-pipeline/amazon-linux-2023-golden`,
  imageRecipe: `${EAST}:image-recipe/al2023-golden/3.2.0`,
  containerRecipe: `${EAST}:container-recipe/nginx-edge/1.25.4`,
  infrastructure: `${EAST}:infrastructure-configuration/standard-build-fleet`,
  distribution: `${EAST}:distribution-configuration/org-wide-ami-sharing`,
  workflow: `${EAST}:workflow/build/cis-hardening-build/1.2.0/1`,
};

describe('the emulator serves every type of data/cloudformation/', () => {
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

  const read = async (TypeName: string, Identifier: string) =>
    JSON.parse((await client.send(new GetResourceCommand({ TypeName, Identifier }))).ResourceDescription!.Properties!) as Record<string, any>;
  const list = async (TypeName: string) => {
    const identifiers: string[] = [];
    const models: Record<string, any>[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListResourcesCommand({ TypeName, NextToken }));
      for (const description of page.ResourceDescriptions ?? []) {
        identifiers.push(description.Identifier!);
        models.push(JSON.parse(description.Properties!));
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return { identifiers, models };
  };
  /** A write, then its handler run now; the request as it ended. */
  const finished = async (event: ProgressEvent) => {
    emulator.completeRequests(event.RequestToken!);
    return (await client.send(new GetResourceRequestStatusCommand({ RequestToken: event.RequestToken }))).ProgressEvent!;
  };
  const create = async (TypeName: string, desired: Record<string, unknown>) =>
    finished((await client.send(new CreateResourceCommand({ TypeName, DesiredState: JSON.stringify(desired) }))).ProgressEvent!);
  const update = (TypeName: string, Identifier: string, patch: unknown[]) =>
    client.send(new UpdateResourceCommand({ TypeName, Identifier, PatchDocument: JSON.stringify(patch) }));

  it.each(Object.entries(TYPES))('reads and lists %s', async (key, typeName) => {
    const arn = DEMO[key as keyof typeof TYPES];
    const model = await read(typeName, arn);
    expect(model.Arn).toBe(arn);
    expect(typeof model.Name).toBe('string');
    const { identifiers, models } = await list(typeName);
    expect(identifiers).toContain(arn);
    // Cloud Control guarantees only the primary identifier in a list.
    expect(models.every((listed) => Object.keys(listed).join() === 'Arn')).toBe(true);
    expect(identifiers.every((identifier) => identifier.includes(':us-east-1:123456789012:'))).toBe(true);
  });

  it('lists whole models, as read, when listProperties is full', async () => {
    emulator.configure({ listProperties: 'full' });
    for (const [key, typeName] of Object.entries(TYPES)) {
      const { models } = await list(typeName);
      expect(models.find((model) => model.Arn === DEMO[key as keyof typeof TYPES])).toEqual(await read(typeName, DEMO[key as keyof typeof TYPES]));
    }
  });

  it('keeps each type apart: an identifier of one type is not found as another, and list tokens stay with their type', async () => {
    await expect(client.send(new GetResourceCommand({ TypeName: TYPES.imageRecipe, Identifier: DEMO.pipeline }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    emulator.configure({ pageSize: 1 });
    const recipes = await client.send(new ListResourcesCommand({ TypeName: TYPES.imageRecipe }));
    await expect(client.send(new ListResourcesCommand({ TypeName: TYPES.infrastructure, NextToken: recipes.NextToken }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it('does not serve a type whose schema it lacks', async () => {
    await expect(client.send(new ListResourcesCommand({ TypeName: 'AWS::ImageBuilder::Component' }))).rejects.toBeInstanceOf(TypeNotFoundException);
  });

  it('never returns write-only properties: not from a read, a list, or a request', async () => {
    // The demo container recipe was given DockerfileTemplateData and PlatformOverride, both write-only.
    expect(emulator.store.get({ account: '123456789012', region: 'us-east-1' }, TYPES.containerRecipe, DEMO.containerRecipe)).toHaveProperty(
      'DockerfileTemplateData',
    );
    const model = await read(TYPES.containerRecipe, DEMO.containerRecipe);
    expect(model).not.toHaveProperty('DockerfileTemplateData');
    expect(model).not.toHaveProperty('PlatformOverride');
    expect(model.TargetRepository).toEqual({ Service: 'ECR', RepositoryName: 'edge/nginx' });

    const desired = { Name: 'release-gate', Version: '2.0.0', Type: 'TEST', Data: 'name: release-gate\nschemaVersion: 1.0\nsteps: []\n' };
    const { ProgressEvent: accepted } = await client.send(new CreateResourceCommand({ TypeName: TYPES.workflow, DesiredState: JSON.stringify(desired) }));
    expect(JSON.parse(accepted!.ResourceModel!)).not.toHaveProperty('Data');
    const done = await finished(accepted!);
    expect(done.OperationStatus).toBe('SUCCESS');
    expect(JSON.parse(done.ResourceModel!)).not.toHaveProperty('Data');
    expect(await read(TYPES.workflow, done.Identifier!)).not.toHaveProperty('Data');
    emulator.configure({ listProperties: 'full' });
    expect((await list(TYPES.workflow)).models.some((listed) => 'Data' in listed || 'Uri' in listed)).toBe(false);
  });

  it('refuses a desired state that breaks its own type\'s schema, with the schema\'s reason', async () => {
    const refusal = (TypeName: string, desired: Record<string, unknown>) =>
      client.send(new CreateResourceCommand({ TypeName, DesiredState: JSON.stringify(desired) }));
    await expect(refusal(TYPES.imageRecipe, { Name: 'web', Version: '1.0.0' })).rejects.toThrow(
      'Model validation failed (#: required key [ParentImage] not found)',
    );
    await expect(refusal(TYPES.workflow, { Name: 'deploy-gate', Version: '1.0.0', Type: 'DEPLOY' })).rejects.toThrow(
      'Model validation failed (#/Type: failed validation constraint for keyword [enum])',
    );
    await expect(refusal(TYPES.infrastructure, { Name: 'fleet', InstanceProfileName: 'p', InstanceTypes: 'm5.large' })).rejects.toThrow(
      'Model validation failed (#/InstanceTypes: expected type: JSONArray, found: String)',
    );
    await expect(refusal(TYPES.distribution, { Name: 'copies', Distributions: [{ AmiDistributionConfiguration: {} }], Colour: 'red' })).rejects.toThrow(
      'Model validation failed (#: extraneous key [Colour] is not permitted; #/Distributions/0: required key [Region] not found)',
    );
    await expect(
      refusal(TYPES.containerRecipe, { Name: 'web', Version: '1.0.0', ParentImage: 'nginx', ContainerType: 'DOCKER', TargetRepository: { Service: 'ECR', RepositoryName: 'web' }, LatestVersion: { Arn: 'x' } }),
    ).rejects.toThrow('Read-only properties cannot be set: /properties/LatestVersion');
    expect(emulator.store.requestsIn({ account: '123456789012', region: 'us-east-1' })).toHaveLength(0);
  });

  it('creates a container recipe with its instance configuration (a $ref beside additionalProperties, read as draft-07 does)', async () => {
    const done = await create(TYPES.containerRecipe, {
      Name: 'Web Tier',
      Version: '1.0.0',
      ParentImage: 'public.ecr.aws/nginx/nginx:1.25',
      ContainerType: 'DOCKER',
      TargetRepository: { Service: 'ECR', RepositoryName: 'web' },
      DockerfileTemplateData: 'FROM {{{ imagebuilder:parentImage }}}',
      InstanceConfiguration: { Image: 'ami-0123456789abcdef0', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30 } }] },
    });
    expect(done).toMatchObject({ OperationStatus: 'SUCCESS', Identifier: `${EAST}:container-recipe/web-tier/1.0.0` });
    expect(await read(TYPES.containerRecipe, done.Identifier!)).toMatchObject({
      Arn: done.Identifier,
      InstanceConfiguration: { Image: 'ami-0123456789abcdef0' },
      LatestVersion: { Arn: done.Identifier, Major: done.Identifier, Minor: done.Identifier, Patch: done.Identifier },
    });
  });

  it('gives each type its ARN and fills in what the service does', async () => {
    const workflow = await create(TYPES.workflow, { Name: 'Smoke Tests', Version: '1.0.0', Type: 'TEST', Uri: 's3://workflows/smoke.yaml' });
    expect(workflow.Identifier).toBe(`${EAST}:workflow/test/smoke-tests/1.0.0/1`);
    const infrastructure = await create(TYPES.infrastructure, { Name: 'spare-fleet', InstanceProfileName: 'EC2InstanceProfileForImageBuilder' });
    expect(infrastructure.Identifier).toBe(`${EAST}:infrastructure-configuration/spare-fleet`);
    expect(JSON.parse(infrastructure.ResourceModel!)).toMatchObject({ TerminateInstanceOnFailure: true });
    const distribution = await create(TYPES.distribution, { Name: 'one-region', Distributions: [{ Region: 'us-east-1' }] });
    expect(distribution.Identifier).toBe(`${EAST}:distribution-configuration/one-region`);
  });

  it('derives LatestVersion from the versions of the same name', async () => {
    for (const version of ['1.0.0', '1.2.0', '1.10.1', '2.0.0']) {
      expect(await create(TYPES.imageRecipe, { Name: 'layered', Version: version, ParentImage: 'ami-0123456789abcdef0' })).toMatchObject({ OperationStatus: 'SUCCESS' });
    }
    const arn = (version: string) => `${EAST}:image-recipe/layered/${version}`;
    expect((await read(TYPES.imageRecipe, arn('1.2.0'))).LatestVersion).toEqual({ Arn: arn('2.0.0'), Major: arn('1.10.1'), Minor: arn('1.2.0'), Patch: arn('1.2.0') });
  });

  it('fails a create the Image Builder API would refuse as a FAILED request, whatever the type', async () => {
    const recipe = await create(TYPES.imageRecipe, { Name: 'ok-name', Version: 'one', ParentImage: 'ami-0123456789abcdef0' });
    expect(recipe).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'InvalidRequest' });
    expect(recipe.StatusMessage).toMatch(/#\/Version: "one" must match pattern/);
    const tagged = await create(TYPES.distribution, { Name: 'tagged', Distributions: [{ Region: 'us-east-1' }], Tags: { 'aws:reserved': 'x' } });
    expect(tagged).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'InvalidRequest' });
    expect(tagged.StatusMessage).toMatch(/#\/Tags key: "aws:reserved" must match pattern/);
  });

  it('fails a second create of the same resource as AlreadyExists, a workflow whatever its build', async () => {
    const again = await create(TYPES.infrastructure, { Name: 'standard-build-fleet', InstanceProfileName: 'p' });
    expect(again).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'AlreadyExists' });
    // The demo's inspector-gate 1.0.0 is at build 2; creating the version again is still a duplicate.
    const rebuilt = await create(TYPES.workflow, { Name: 'inspector-gate', Version: '1.0.0', Type: 'TEST', Uri: 's3://x/y.yaml' });
    expect(rebuilt).toMatchObject({ OperationStatus: 'FAILED', ErrorCode: 'AlreadyExists', Identifier: `${EAST}:workflow/test/inspector-gate/1.0.0/1` });
  });

  it('updates only what the schema lets change: create-only paths are NotUpdatable, the rest applies', async () => {
    await expect(update(TYPES.imageRecipe, DEMO.imageRecipe, [{ op: 'add', path: '/Components/-', value: { ComponentArn: 'x' } }])).rejects.toBeInstanceOf(
      NotUpdatableException,
    );
    await expect(update(TYPES.workflow, DEMO.workflow, [{ op: 'replace', path: '/Description', value: 'new' }])).rejects.toThrow(
      'Invalid patch update: createOnlyProperties [/properties/Description] cannot be updated',
    );
    await expect(update(TYPES.imageRecipe, DEMO.imageRecipe, [{ op: 'replace', path: '/LatestVersion/Arn', value: 'x' }])).rejects.toThrow(
      /readOnlyProperties \[\/properties\/LatestVersion, \/properties\/LatestVersion\/Arn\]/,
    );
    // A test or a copy only reads a create-only path.
    const tags = await update(TYPES.imageRecipe, DEMO.imageRecipe, [
      { op: 'test', path: '/Version', value: '3.2.0' },
      { op: 'copy', from: '/Version', path: '/Tags/version' },
    ]);
    expect(await finished(tags.ProgressEvent!)).toMatchObject({ OperationStatus: 'SUCCESS' });
    expect((await read(TYPES.imageRecipe, DEMO.imageRecipe)).Tags).toEqual({ team: 'platform', version: '3.2.0' });

    const fleet = await update(TYPES.infrastructure, DEMO.infrastructure, [{ op: 'replace', path: '/InstanceTypes/0', value: 'm7i.large' }]);
    expect(await finished(fleet.ProgressEvent!)).toMatchObject({ OperationStatus: 'SUCCESS' });
    expect((await read(TYPES.infrastructure, DEMO.infrastructure)).InstanceTypes).toEqual(['m7i.large', 'm5.large']);
  });

  it('validates an update\'s result against the type\'s schema before accepting it', async () => {
    await expect(update(TYPES.distribution, DEMO.distribution, [{ op: 'remove', path: '/Distributions/0/Region' }])).rejects.toThrow(
      'Model validation failed (#/Distributions/0: required key [Region] not found)',
    );
    await expect(update(TYPES.infrastructure, DEMO.infrastructure, [{ op: 'remove', path: '/InstanceProfileName' }])).rejects.toThrow(
      'Model validation failed (#: required key [InstanceProfileName] not found)',
    );
  });

  it('deletes a resource of any type, which then reads as not found', async () => {
    const { ProgressEvent: event } = await client.send(new DeleteResourceCommand({ TypeName: TYPES.distribution, Identifier: JSON.stringify({ Arn: DEMO.distribution }) }));
    expect(await finished(event!)).toMatchObject({ OperationStatus: 'SUCCESS' });
    await expect(read(TYPES.distribution, DEMO.distribution)).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await list(TYPES.distribution)).identifiers).not.toContain(DEMO.distribution);
  });
});
