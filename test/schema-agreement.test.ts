import { CloudControlClient, CreateResourceCommand, GetResourceRequestStatusCommand, UpdateResourceCommand } from '@aws-sdk/client-cloudcontrol';
import { DEMO, type Stack, startStack, TEST_CREDENTIALS } from './support/stack';

/**
 * The gateway and the emulator read the same registry schema with no code in common. For each
 * change below, the gateway's verdict (refused before sending, or sent) is compared with the
 * service's (the emulator refusing the call or failing the request, or applying it), sent to it
 * directly through the SDK. The gateway is allowed to be stricter in one way only: it also checks
 * the Image Builder API's own limits, which the service enforces later, as a FAILED request. So:
 * everything the gateway sends must be applied, and everything it refuses must be refused or
 * failed by the service. A case where they disagree is a misreading on one side.
 */
const PIPELINE_TYPE = 'AWS::ImageBuilder::ImagePipeline';
const RECIPE = 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023-golden/3.2.0';
const CONTAINER_RECIPE = 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/nginx-edge/1.25.4';
const INFRA = 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet';

type Operation = { op: string; path: string; value?: unknown; from?: string };

const UPDATES: [string, Operation[]][] = [
  ['a new description', [{ op: 'replace', path: '/Description', value: 'Rebuilt.' }]],
  ['an empty description', [{ op: 'replace', path: '/Description', value: '' }]],
  ['a description of 1025 characters', [{ op: 'replace', path: '/Description', value: 'x'.repeat(1025) }]],
  ['a status outside the enum', [{ op: 'replace', path: '/Status', value: 'PAUSED' }]],
  ['a status of the wrong type', [{ op: 'replace', path: '/Status', value: 1 }]],
  ['the create-only name', [{ op: 'replace', path: '/Name', value: 'renamed' }]],
  ['the read-only ARN', [{ op: 'replace', path: '/Arn', value: DEMO.ubuntu }]],
  ['the read-only deployment id', [{ op: 'remove', path: '/DeploymentId' }]],
  ['an unknown property', [{ op: 'add', path: '/Bogus', value: true }]],
  ['an unknown nested property', [{ op: 'add', path: '/Schedule/Bogus', value: 'x' }]],
  ['removing the required infrastructure', [{ op: 'remove', path: '/InfrastructureConfigurationArn' }]],
  ['a second recipe beside the first', [{ op: 'add', path: '/ContainerRecipeArn', value: CONTAINER_RECIPE }]],
  ['swapping recipes', [{ op: 'remove', path: '/ImageRecipeArn' }, { op: 'add', path: '/ContainerRecipeArn', value: CONTAINER_RECIPE }]],
  ['removing the only recipe', [{ op: 'remove', path: '/ImageRecipeArn' }]],
  ['a test timeout below the API minimum', [{ op: 'replace', path: '/ImageTestsConfiguration/TimeoutMinutes', value: 30 }]],
  ['a test timeout within the limits', [{ op: 'replace', path: '/ImageTestsConfiguration/TimeoutMinutes', value: 90 }]],
  ['a test timeout that is not an integer', [{ op: 'replace', path: '/ImageTestsConfiguration/TimeoutMinutes', value: 90.5 }]],
  ['an auto-disable count above ten', [{ op: 'replace', path: '/Schedule/AutoDisablePolicy', value: { FailureCount: 11 } }]],
  ['an auto-disable policy without its count', [{ op: 'replace', path: '/Schedule/AutoDisablePolicy', value: {} }]],
  ['a tag', [{ op: 'add', path: '/Tags/owner', value: 'platform' }]],
  ['a tag whose value is not a string', [{ op: 'add', path: '/Tags/owner', value: 7 }]],
  ['a tag key starting with aws:', [{ op: 'add', path: '/Tags/aws:owner', value: 'x' }]],
  ['a workflow appended', [{ op: 'add', path: '/Workflows/-', value: { WorkflowArn: 'arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/x.x.x', OnFailure: 'ABORT' } }]],
  ['a workflow without its ARN', [{ op: 'add', path: '/Workflows/-', value: { OnFailure: 'ABORT' } }]],
  ['a workflow failure mode outside the enum', [{ op: 'replace', path: '/Workflows/0/OnFailure', value: 'RETRY' }]],
  ['an execution role that breaks its pattern', [{ op: 'replace', path: '/ExecutionRole', value: 'role with spaces' }]],
  ['a recipe ARN that breaks its pattern', [{ op: 'replace', path: '/ImageRecipeArn', value: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/UPPER/1.0.0' }]],
  ['a test that holds', [{ op: 'test', path: '/Status', value: 'ENABLED' }, { op: 'replace', path: '/Description', value: 'tested' }]],
  ['a test that fails', [{ op: 'test', path: '/Status', value: 'DISABLED' }, { op: 'replace', path: '/Description', value: 'tested' }]],
  ['a move of the description to a tag', [{ op: 'move', from: '/Description', path: '/Tags/description' }]],
  ['removing a path that is not there', [{ op: 'remove', path: '/ExecutionRole/Missing' }]],
];

const CREATES: [string, Record<string, unknown>][] = [
  ['a minimal pipeline', { Name: 'agreement-minimal', ImageRecipeArn: RECIPE, InfrastructureConfigurationArn: INFRA }],
  ['no recipe', { Name: 'agreement-no-recipe', InfrastructureConfigurationArn: INFRA }],
  ['both recipes', { Name: 'agreement-both', ImageRecipeArn: RECIPE, ContainerRecipeArn: CONTAINER_RECIPE, InfrastructureConfigurationArn: INFRA }],
  ['no infrastructure', { Name: 'agreement-no-infra', ImageRecipeArn: RECIPE }],
  ['a name of two characters', { Name: 'ab', ImageRecipeArn: RECIPE, InfrastructureConfigurationArn: INFRA }],
  ['a name with a slash', { Name: 'bad/name', ImageRecipeArn: RECIPE, InfrastructureConfigurationArn: INFRA }],
  ['a schedule with a time zone', { Name: 'agreement-schedule', ImageRecipeArn: RECIPE, InfrastructureConfigurationArn: INFRA, Schedule: { ScheduleExpression: 'cron(0 6 ? * MON *)', Timezone: 'Etc/UTC' } }],
];

type Verdict = 'applied' | 'refused';

describe('the gateway and the emulator read the pipeline schema alike', () => {
  let stack: Stack;
  let client: CloudControlClient;
  beforeAll(async () => {
    stack = await startStack({ emulator: { settings: { writeDelayMs: 0 } }, env: { WRITE_POLL_MS: '10' } });
    client = new CloudControlClient({ endpoint: stack.emulator.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await stack.close();
  });

  /** The service's verdict: refused at the call, failed by the handler, or applied. */
  async function serviceVerdict(send: () => Promise<{ ProgressEvent?: { RequestToken?: string } }>): Promise<Verdict> {
    stack.emulator.reset();
    let token: string;
    try {
      token = (await send()).ProgressEvent!.RequestToken!;
    } catch {
      return 'refused';
    }
    stack.emulator.completeRequests(token);
    const status = await client.send(new GetResourceRequestStatusCommand({ RequestToken: token }));
    return status.ProgressEvent!.OperationStatus === 'SUCCESS' ? 'applied' : 'refused';
  }

  /** The gateway's verdict: refused before sending anything, or sent (and then how the service took it). */
  async function gatewayVerdict(mutation: string, input: Record<string, unknown>): Promise<Verdict | string> {
    stack.emulator.reset();
    const { body } = await stack.gql(
      `mutation($input: ${mutation === 'updateImagePipeline' ? 'Update' : 'Create'}ImagePipelineInput!) { ${mutation}(input: $input) {
        __typename ... on ImagePipelineWritePayload { request { status } } ... on ValidationError { problems { rule } } } }`,
      { input: { ...input, wait: true } },
    );
    const result = body.data?.[mutation];
    const sent = stack.emulator.calls.count('UpdateResource') + stack.emulator.calls.count('CreateResource');
    if (result?.__typename === 'ValidationError' && sent === 0) return 'refused';
    if (result?.__typename === 'ImagePipelineWritePayload' && result.request.status === 'SUCCESS') return 'applied';
    // Sent, and then refused or failed by the service: the gateway thought valid what is not.
    return `sent, then ${JSON.stringify(result ?? body.errors)}`;
  }

  const toGraphQL = (operation: Operation) => ({ ...operation, op: operation.op.toUpperCase() });

  it('for every change to a pipeline', async () => {
    const disagreements: string[] = [];
    for (const [name, operations] of UPDATES) {
      const service = await serviceVerdict(() =>
        client.send(new UpdateResourceCommand({ TypeName: PIPELINE_TYPE, Identifier: DEMO.golden, PatchDocument: JSON.stringify(operations) })),
      );
      const gateway = await gatewayVerdict('updateImagePipeline', { arn: DEMO.golden, patchOperations: operations.map(toGraphQL) });
      if (gateway !== service) disagreements.push(`${name}: the gateway ${gateway}, the service ${service}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('for every new pipeline', async () => {
    const camel = (model: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(model).map(([key, value]) => [key.charAt(0).toLowerCase() + key.slice(1), value && typeof value === 'object' ? camel(value as Record<string, unknown>) : value]));
    const disagreements: string[] = [];
    for (const [name, model] of CREATES) {
      const service = await serviceVerdict(() => client.send(new CreateResourceCommand({ TypeName: PIPELINE_TYPE, DesiredState: JSON.stringify(model) })));
      // The GraphQL input type makes infrastructureConfigurationArn required: without it, GraphQL refuses the input itself.
      const gateway = model.InfrastructureConfigurationArn ? await gatewayVerdict('createImagePipeline', camel(model)) : 'refused';
      if (gateway !== service) disagreements.push(`${name}: the gateway ${gateway}, the service ${service}`);
    }
    expect(disagreements).toEqual([]);
  });
});
