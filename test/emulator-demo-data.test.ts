import { CloudControlClient, GetResourceCommand, ListResourcesCommand, ResourceNotFoundException } from '@aws-sdk/client-cloudcontrol';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { RESOURCE_TYPES } from '../src/emulator/resources/resource-types';
import { seedData } from '../src/emulator/seed/seed';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { TEST_CREDENTIALS } from './support/stack';

/**
 * The demo data is one consistent estate: every resource a pipeline points at in its own
 * account can be read through Cloud Control, pipelines share recipes and build fleets, and the
 * AWS-managed workflows are left to AWS.
 */
const ACCOUNT = '123456789012';
const SECOND_ACCOUNT = '210987654321';
const PIPELINE = 'AWS::ImageBuilder::ImagePipeline';
const REFERENCES: Record<string, string> = {
  ImageRecipeArn: 'AWS::ImageBuilder::ImageRecipe',
  ContainerRecipeArn: 'AWS::ImageBuilder::ContainerRecipe',
  InfrastructureConfigurationArn: 'AWS::ImageBuilder::InfrastructureConfiguration',
  DistributionConfigurationArn: 'AWS::ImageBuilder::DistributionConfiguration',
};

type Model = Record<string, any>;

/** Every ARN a pipeline holds, with the type it names. */
function referencesOf(pipeline: Model): { arn: string; typeName: string }[] {
  const direct = Object.entries(REFERENCES).flatMap(([property, typeName]) => (pipeline[property] ? [{ arn: pipeline[property] as string, typeName }] : []));
  const workflows = ((pipeline.Workflows ?? []) as { WorkflowArn: string }[]).map(({ WorkflowArn }) => ({ arn: WorkflowArn, typeName: 'AWS::ImageBuilder::Workflow' }));
  return [...direct, ...workflows];
}

const accountOf = (arn: string) => arn.split(':')[4]!;
const regionOf = (arn: string) => arn.split(':')[3]!;

describe('the demo data', () => {
  let emulator: Emulator;
  const clients = new Map<string, CloudControlClient>();
  const client = (region: string) => {
    if (!clients.has(region)) clients.set(region, new CloudControlClient({ region, endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
    return clients.get(region)!;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ fleet: { 'us-east-1': 12, 'sa-east-1': 3 }, settings: { listProperties: 'full' } });
  });
  afterAll(async () => {
    for (const each of clients.values()) each.destroy();
    await emulator.close();
  });

  const pipelinesIn = async (region: string): Promise<Model[]> => {
    const models: Model[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client(region).send(new ListResourcesCommand({ TypeName: PIPELINE, NextToken }));
      models.push(...(page.ResourceDescriptions ?? []).map((description) => JSON.parse(description.Properties!) as Model));
      NextToken = page.NextToken;
    } while (NextToken);
    return models;
  };
  const readable = async (typeName: string, arn: string) => {
    try {
      await client(regionOf(arn)).send(new GetResourceCommand({ TypeName: typeName, Identifier: arn }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  };

  it("resolves every ARN of the own account that a pipeline holds, fleet pipelines included, through GetResource", async () => {
    const pipelines = (await Promise.all(['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'].map(pipelinesIn))).flat();
    expect(pipelines.length).toBe(13 + 12 + 3);
    const references = pipelines.flatMap(referencesOf).filter(({ arn }) => accountOf(arn) === ACCOUNT);
    expect(new Set(references.map(({ typeName }) => typeName))).toEqual(new Set([...Object.values(REFERENCES), 'AWS::ImageBuilder::Workflow']));
    const unresolved: string[] = [];
    for (const { arn, typeName } of references) if (!(await readable(typeName, arn))) unresolved.push(`${typeName} ${arn}`);
    expect(unresolved).toEqual([]);
  });

  it('leaves the AWS-managed workflows to AWS: they are not resources of the account', async () => {
    const pipelines = await pipelinesIn('us-east-1');
    const managed = pipelines.flatMap(referencesOf).filter(({ arn }) => accountOf(arn) === 'aws');
    expect(managed.length).toBeGreaterThan(0);
    for (const { arn, typeName } of managed) expect(await readable(typeName, arn)).toBe(false);
  });

  it('shares recipes and build fleets between pipelines', async () => {
    const pipelines = (await Promise.all(['us-east-1', 'eu-west-1'].map(pipelinesIn))).flat();
    const users = (property: string) => {
      const counts = new Map<string, number>();
      for (const pipeline of pipelines) if (pipeline[property]) counts.set(pipeline[property], (counts.get(pipeline[property]) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(users('InfrastructureConfigurationArn')).toBeGreaterThanOrEqual(3);
    expect(users('ImageRecipeArn')).toBeGreaterThanOrEqual(2);
    expect(pipelines.filter((p) => p.InfrastructureConfigurationArn?.endsWith('/container-build-fleet')).length).toBeGreaterThanOrEqual(3);
  });

  it('stores a second account, with two pipelines sharing a recipe and a fleet, that static keys do not reach and keys for its role do', async () => {
    const place = { account: SECOND_ACCOUNT, region: 'us-east-1' };
    const pipelines = emulator.store.identifiers(place, PIPELINE).map((arn) => emulator.store.get(place, PIPELINE, arn)!);
    expect(pipelines).toHaveLength(2);
    expect(new Set(pipelines.map((p) => p.ImageRecipeArn)).size).toBe(1);
    expect(new Set(pipelines.map((p) => p.InfrastructureConfigurationArn)).size).toBe(1);
    for (const pipeline of pipelines) {
      for (const { arn, typeName } of referencesOf(pipeline)) expect(emulator.store.get(place, typeName, arn)).toBeDefined();
      expect(await readable(PIPELINE, pipeline.Arn as string)).toBe(false);
    }
    const sts = new STSClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const { Credentials: keys } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${SECOND_ACCOUNT}:role/ImageBuilderGateway`, RoleSessionName: 'demo-data' }));
    sts.destroy();
    const asSecond = new CloudControlClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: keys!.AccessKeyId!, secretAccessKey: keys!.SecretAccessKey!, sessionToken: keys!.SessionToken! },
      maxAttempts: 1,
    });
    try {
      for (const pipeline of pipelines) {
        const read = await asSecond.send(new GetResourceCommand({ TypeName: PIPELINE, Identifier: pipeline.Arn as string }));
        expect(JSON.parse(read.ResourceDescription!.Properties!)).toEqual(pipeline);
      }
    } finally {
      asSecond.destroy();
    }
  });

  it('holds only valid resources: each meets its registry schema and the Image Builder API, and has the ARN a create would give it', () => {
    const seeded = seedData({ accountId: ACCOUNT, demo: true, fleet: { 'us-east-1': 12 } });
    expect(new Set(seeded.map((resource) => resource.typeName))).toEqual(new Set(RESOURCE_TYPES.keys()));
    for (const { typeName, model, account, region } of seeded) {
      const type = RESOURCE_TYPES.get(typeName)!;
      const { Arn, DeploymentId: _deploymentId, ...desired } = model;
      expect([typeName, type.checkModel(model)]).toEqual([typeName, []]);
      expect([Arn, type.checkWithService(desired)]).toEqual([Arn, []]);
      const resource = type.rules.arnResource(desired);
      // A workflow's last part is its build number, which Image Builder counts up on rebuilds.
      const expected = `arn:aws:imagebuilder:${region}:${account}:${resource}`;
      expect(typeName === 'AWS::ImageBuilder::Workflow' ? String(Arn).replace(/\/\d+$/, '/1') : Arn).toBe(expected);
    }
  });
});
