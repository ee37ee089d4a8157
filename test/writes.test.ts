import { DEMO, type Stack, startStack } from './support/stack';
import { storedPipeline, storedRequests } from './support/emulator';

const RESULT = `
  __typename
  ... on ImagePipelineWritePayload { clientToken request { requestToken operation status isFinal errorCode identifier region } }
  ... on MutationError { message }
  ... on ValidationError { problems { path field rule message } }
  ... on ConflictError { reason }
  ... on NotFoundError { arn failedRequest { status errorCode } }
  ... on AlreadyExistsError { arn failedRequest { status errorCode } }
  ... on NotUpdatableError { failedRequest { status errorCode } }
  ... on RequestFailedError { errorCode }
`;
const UPDATE = `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) { ${RESULT} } }`;
const CREATE = `mutation($input: CreateImagePipelineInput!) { createImagePipeline(input: $input) { ${RESULT} } }`;
const DELETE = `mutation($input: DeleteImagePipelineInput!) { deleteImagePipeline(input: $input) { ${RESULT} } }`;

const NEW_PIPELINE = {
  name: 'Payments API',
  imageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/payments-api/2.1.0',
  infrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
};

/** A write delay no test outlasts: the test completes the write itself (completeRequests) when it means to. */
const NEVER = 600_000;

describe('writes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { WRITE_POLL_MS: '20' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const update = async (input: Record<string, unknown>) => (await stack.gql(UPDATE, { input: { arn: DEMO.golden, ...input } })).body;

  describe('refuses each kind of invalid change with its specific error, before any Cloud Control call', () => {
    const cases: [string, Record<string, unknown>, { path: string; field: string | null; rule: string; message: RegExp }][] = [
      ['a create-only path', { patchOperations: [{ op: 'REPLACE', path: '/Name', value: 'renamed' }] },
        { path: '/Name', field: 'patchOperations[0]', rule: 'createOnly', message: /\/Name can only be set when the pipeline is created/ }],
      ['the read-only Arn', { patchOperations: [{ op: 'ADD', path: '/Arn', value: 'arn:aws:x' }] },
        { path: '/Arn', field: 'patchOperations[0]', rule: 'readOnly', message: /\/Arn is read-only/ }],
      ['the read-only DeploymentId', { patchOperations: [{ op: 'REMOVE', path: '/DeploymentId' }] },
        { path: '/DeploymentId', field: 'patchOperations[0]', rule: 'readOnly', message: /\/DeploymentId is read-only/ }],
      ['an unknown path', { patchOperations: [{ op: 'ADD', path: '/Schedule/Frequency', value: 'daily' }] },
        { path: '/Schedule/Frequency', field: 'patchOperations[0]', rule: 'unknownProperty', message: /\/Schedule\/Frequency is not a property of an image pipeline/ }],
      ['a wrong type', { patchOperations: [{ op: 'REPLACE', path: '/EnhancedImageMetadataEnabled', value: 'yes' }] },
        { path: '/EnhancedImageMetadataEnabled', field: 'patchOperations[0]', rule: 'type', message: /must be boolean/ }],
      ['an enum value', { patchOperations: [{ op: 'REPLACE', path: '/Schedule/PipelineExecutionStartCondition', value: 'ALWAYS' }] },
        { path: '/Schedule/PipelineExecutionStartCondition', field: 'patchOperations[0]', rule: 'enum', message: /must be one of EXPRESSION_MATCH_ONLY, EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE/ }],
      ['a timeout below its range', { changes: { imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 30 } } },
        { path: '/ImageTestsConfiguration/TimeoutMinutes', field: 'changes.imageTestsConfiguration.timeoutMinutes', rule: 'minimum', message: /must be >= 60/ }],
      ['a timeout above its range', { patchOperations: [{ op: 'REPLACE', path: '/ImageTestsConfiguration/TimeoutMinutes', value: 1441 }] },
        { path: '/ImageTestsConfiguration/TimeoutMinutes', field: 'patchOperations[0]', rule: 'maximum', message: /must be <= 1440/ }],
      ['a malformed operation', { patchOperations: [{ op: 'REPLACE', path: '/Description' }] },
        { path: '/Description', field: 'patchOperations[0]', rule: 'malformedOperation', message: /is not a valid RFC 6902 operation: Operation `value` property is not present/ }],
      ['a path that is not a JSON pointer', { patchOperations: [{ op: 'ADD', path: 'Description', value: 'x' }] },
        { path: 'Description', field: 'patchOperations[0]', rule: 'malformedOperation', message: /is not a valid RFC 6902 operation/ }],
      ['removing a required property', { changes: { infrastructureConfigurationArn: null } },
        { path: '/InfrastructureConfigurationArn', field: 'changes.infrastructureConfigurationArn', rule: 'required', message: /is required and cannot be removed/ }],
      ['an API limit', { changes: { schedule: { scheduleExpression: 'cron(0 0 * * ? *)', autoDisablePolicy: { failureCount: 11 } } } },
        { path: '/Schedule/AutoDisablePolicy/FailureCount', field: 'changes.schedule.autoDisablePolicy.failureCount', rule: 'maximum', message: /must be <= 10/ }],
      ['duplicate tag keys', { changes: { tags: [{ key: 'team', value: 'a' }, { key: 'team', value: 'b' }] } },
        { path: '/Tags/team', field: 'changes.tags', rule: 'uniqueKeys', message: /has the key "team" twice/ }],
      ['changes that change nothing', { changes: {} },
        { path: '', field: 'changes', rule: 'required', message: /changes and patchOperations are both empty: there is nothing to change/ }],
      ['a malformed client token', { changes: { description: 'x' }, clientToken: 'not valid!' },
        { path: '', field: 'clientToken', rule: 'pattern', message: /clientToken must be 1–128 characters/ }],
      ['no change at all', {}, { path: '', field: 'changes', rule: 'required', message: /give changes, patchOperations or both/ }],
    ];
    it.each(cases)('%s', async (_name, input, expected) => {
      const { updateImagePipeline: result } = (await update(input)).data!;
      expect(result.__typename).toBe('ValidationError');
      expect(result.problems).toEqual([{ path: expected.path, field: expected.field, rule: expected.rule, message: expect.stringMatching(expected.message) }]);
      expect(result.message).toMatch(expected.message);
      expect(stack.emulator.calls.count()).toBe(0);
    });

    it('collects every problem of one input', async () => {
      const { updateImagePipeline: result } = (
        await update({
          changes: { imageTestsConfiguration: { timeoutMinutes: 5 } },
          patchOperations: [{ op: 'REPLACE', path: '/Name', value: 'x' }, { op: 'REPLACE', path: '/Status', value: 'PAUSED' }],
        })
      ).data!;
      expect(result.problems.map((p: { rule: string }) => p.rule)).toEqual(['minimum', 'createOnly', 'enum']);
      expect(stack.emulator.calls.count()).toBe(0);
    });
  });

  describe('refuses changes whose result is not a valid pipeline, with a read but no write', () => {
    it.each([
      ['removing the only recipe', { changes: { imageRecipeArn: null } }, 'oneOf', null, /exactly one of ContainerRecipeArn or ImageRecipeArn must be set, but neither is set/],
      ['a second recipe', { changes: { containerRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/web/1.0.0' } }, 'oneOf', null, /both set/],
      ['a path that does not exist', { changes: { description: 'x' }, patchOperations: [{ op: 'REMOVE', path: '/ContainerRecipeArn' }] }, 'patchApplication', 'patchOperations[0]', /patchOperations\[0\] cannot be applied/],
      ['a failing test', { patchOperations: [{ op: 'ADD', path: '/Description', value: 'x' }, { op: 'TEST', path: '/Status', value: 'DISABLED' }] }, 'testFailed', 'patchOperations[1]', /patchOperations\[1\] cannot be applied/],
    ])('%s', async (_name, input, rule, field, message) => {
      const { updateImagePipeline: result } = (await update(input)).data!;
      expect(result.__typename).toBe('ValidationError');
      expect(result.problems).toEqual([expect.objectContaining({ rule, field, message: expect.stringMatching(message) })]);
      expect(stack.emulator.calls.count('GetResource')).toBe(1);
      expect(stack.emulator.calls.count('UpdateResource')).toBe(0);
    });
  });

  it('applies a valid update, visible to the payload and to a following read', async () => {
    const { updateImagePipeline: result } = (
      await stack.gql(
        `mutation($input: UpdateImagePipelineInput!) { updateImagePipeline(input: $input) {
          __typename ... on ImagePipelineWritePayload { request { status operation } imagePipeline { description status tags { key value } schedule { timezone scheduleExpression } } } } }`,
        {
          input: {
            arn: DEMO.golden,
            wait: true,
            changes: { description: 'Rebuilt nightly now', status: 'DISABLED', tags: [{ key: 'team', value: 'platform' }, { key: 'tier', value: 'gold' }] },
            patchOperations: [{ op: 'REPLACE', path: '/Schedule/Timezone', value: 'Etc/UTC' }],
          },
        },
      )
    ).body.data!;
    expect(result.__typename).toBe('ImagePipelineWritePayload');
    expect(result.request).toEqual({ status: 'SUCCESS', operation: 'UPDATE' });
    const expected = {
      description: 'Rebuilt nightly now',
      status: 'DISABLED',
      tags: [{ key: 'team', value: 'platform' }, { key: 'tier', value: 'gold' }],
      schedule: { timezone: 'Etc/UTC', scheduleExpression: 'cron(0 6 ? * MON *)' },
    };
    // The payload read after the write, although the same request had read the old model first.
    expect(result.imagePipeline).toEqual(expected);
    const read = await stack.gql(`{ imagePipeline(arn: "${DEMO.golden}") { description status tags { key value } schedule { timezone scheduleExpression } } }`);
    expect(read.body.data!.imagePipeline).toEqual(expected);
    expect(stack.emulator.calls.count('UpdateResource')).toBe(1);
  });

  it('answers at once without wait, and resourceRequest follows the same request to its end', async () => {
    stack.emulator.configure({ writeDelayMs: NEVER });
    const { updateImagePipeline: result } = (await update({ changes: { description: 'eventually' } })).data!;
    expect(result.request).toMatchObject({ status: 'IN_PROGRESS', operation: 'UPDATE', isFinal: false, identifier: DEMO.golden, region: 'us-east-1' });
    const follow = `query($token: String!) { resourceRequest(requestToken: $token, region: "us-east-1") { requestToken status operation identifier imagePipeline { description } } }`;
    const now = (await stack.gql(follow, { token: result.request.requestToken })).body.data!.resourceRequest;
    expect(now).toMatchObject({ requestToken: result.request.requestToken, status: 'IN_PROGRESS' });
    stack.emulator.completeRequests(result.request.requestToken);
    const later = (await stack.gql(follow, { token: result.request.requestToken })).body.data!.resourceRequest;
    expect(later).toEqual({ requestToken: result.request.requestToken, status: 'SUCCESS', operation: 'UPDATE', identifier: DEMO.golden, imagePipeline: { description: 'eventually' } });
    const unknown = await stack.gql(follow, { token: 'no-such-token' });
    expect(unknown.body.data!.resourceRequest).toBeNull();
  });

  it('removes a property with null', async () => {
    const { updateImagePipeline: result } = (await update({ wait: true, changes: { loggingConfiguration: null, description: null } })).data!;
    expect(result.request.status).toBe('SUCCESS');
    const model = storedPipeline(stack.emulator, DEMO.golden)!;
    expect(model.LoggingConfiguration).toBeUndefined();
    expect(model.Description).toBeUndefined();
  });

  it('creates a pipeline that can be read back, and refuses a second one with the same name', async () => {
    const { createImagePipeline: created } = (
      await stack.gql(CREATE, { input: { ...NEW_PIPELINE, wait: true, tags: [{ key: 'team', value: 'payments' }], schedule: { scheduleExpression: 'cron(0 2 * * ? *)' } } })
    ).body.data!;
    expect(created.__typename).toBe('ImagePipelineWritePayload');
    expect(created.request).toMatchObject({ status: 'SUCCESS', operation: 'CREATE', identifier: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/payments-api' });
    const read = await stack.gql(`{ imagePipeline(arn: "${created.request.identifier}") { name status tags { key value } schedule { pipelineExecutionStartCondition } } }`);
    expect(read.body.data!.imagePipeline).toEqual({
      name: 'Payments API',
      status: 'ENABLED',
      tags: [{ key: 'team', value: 'payments' }],
      schedule: { pipelineExecutionStartCondition: 'EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE' },
    });
    const { createImagePipeline: again } = (await stack.gql(CREATE, { input: { ...NEW_PIPELINE, wait: true } })).body.data!;
    expect(again).toMatchObject({ __typename: 'AlreadyExistsError', arn: created.request.identifier, failedRequest: { status: 'FAILED', errorCode: 'AlreadyExists' } });
  });

  it.each([
    ['no recipe', { imageRecipeArn: undefined }, 'oneOf', null],
    ['both recipes', { containerRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/web/1.0.0' }, 'oneOf', 'imageRecipeArn'],
    ['a name the API refuses', { name: 'no/slashes' }, 'pattern', 'name'],
    ['a malformed recipe ARN', { imageRecipeArn: 'web-recipe' }, 'pattern', 'imageRecipeArn'],
  ])('refuses a create with %s before any call', async (_name, override, rule, field) => {
    const { createImagePipeline: result } = (await stack.gql(CREATE, { input: { ...NEW_PIPELINE, ...override } })).body.data!;
    expect(result.__typename).toBe('ValidationError');
    expect(result.problems).toEqual([expect.objectContaining({ rule, field })]);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('deletes a pipeline, which then reads as null; deleting it again is NotFoundError', async () => {
    const { deleteImagePipeline: deleted } = (await stack.gql(DELETE, { input: { arn: DEMO.windows, wait: true } })).body.data!;
    expect(deleted.request).toMatchObject({ status: 'SUCCESS', operation: 'DELETE' });
    expect((await stack.gql(`{ imagePipeline(arn: "${DEMO.windows}") { name } }`)).body.data).toEqual({ imagePipeline: null });
    const { deleteImagePipeline: again } = (await stack.gql(DELETE, { input: { arn: DEMO.windows, wait: true } })).body.data!;
    expect(again).toMatchObject({ __typename: 'NotFoundError', arn: DEMO.windows, failedRequest: { status: 'FAILED', errorCode: 'NotFound' } });
  });

  it('refuses to update a pipeline that does not exist', async () => {
    const { updateImagePipeline: result } = (await stack.gql(UPDATE, { input: { arn: DEMO.missing, changes: { description: 'x' } } })).body.data!;
    expect(result).toMatchObject({ __typename: 'NotFoundError', arn: DEMO.missing });
    expect(stack.emulator.calls.count('UpdateResource')).toBe(0);
  });

  it('applies a mutation repeated with the same clientToken once', async () => {
    const input = { clientToken: 'retry-safe-1', changes: { description: 'applied once' } };
    const first = (await update(input)).data!.updateImagePipeline;
    const second = (await update(input)).data!.updateImagePipeline;
    expect(second.request.requestToken).toBe(first.request.requestToken);
    expect(second.clientToken).toBe('retry-safe-1');
    stack.emulator.completeRequests(first.request.requestToken);
    const third = (await update({ ...input, wait: true })).data!.updateImagePipeline;
    expect(third.request).toMatchObject({ requestToken: first.request.requestToken, status: 'SUCCESS' });
    expect(storedRequests(stack.emulator, 'us-east-1')).toHaveLength(1);

    const created = [];
    for (let i = 0; i < 3; i++) created.push((await stack.gql(CREATE, { input: { ...NEW_PIPELINE, clientToken: 'create-once' } })).body.data!.createImagePipeline);
    expect(new Set(created.map((c) => c.request.requestToken)).size).toBe(1);
  });

  it('returns the original request to a retry that no longer applies to the pipeline it changed', async () => {
    // Removing a property applies once; a retry of it, checked against the changed pipeline, would
    // be refused as removing a path that does not exist. The same client token marks it a retry.
    const input = { clientToken: 'retry-remove-1', patchOperations: [{ op: 'REMOVE', path: '/Description' }], wait: true };
    const first = (await update(input)).data!.updateImagePipeline;
    expect(first.request.status).toBe('SUCCESS');
    const retry = (await update(input)).data!.updateImagePipeline;
    expect(retry).toMatchObject({ __typename: 'ImagePipelineWritePayload', request: { requestToken: first.request.requestToken, status: 'SUCCESS' } });
    expect(storedRequests(stack.emulator, 'us-east-1')).toHaveLength(1);

    // Without that token, the same change is checked against the pipeline and refused, unsent;
    // so is a different change under the same token: only an identical retry goes out unchecked.
    const fresh = (await update({ ...input, clientToken: 'retry-remove-2' })).data!.updateImagePipeline;
    expect(fresh).toMatchObject({ __typename: 'ValidationError', problems: [{ path: '/Description', field: 'patchOperations[0]' }] });
    const other = (await update({ ...input, patchOperations: [{ op: 'ADD', path: '/ContainerRecipeArn', value: 'arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/web/1.0.0' }] })).data!
      .updateImagePipeline;
    expect(other).toMatchObject({ __typename: 'ValidationError' });
    expect(stack.emulator.calls.count('UpdateResource')).toBe(2);
  });

  it('makes up a client token when none is given, and returns it', async () => {
    const { updateImagePipeline: result } = (await update({ changes: { description: 'x' } })).data!;
    expect(result.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.emulator.calls.calls('UpdateResource')[0]!.clientToken).toBe(result.clientToken);
  });

  it('reports a client token reused for another change as a conflict', async () => {
    await update({ clientToken: 'reused-token', changes: { description: 'one' } });
    // Finished, so the second change is not refused as concurrent: only its token conflicts.
    stack.emulator.completeRequests();
    const { updateImagePipeline: result } = (await update({ clientToken: 'reused-token', changes: { description: 'two' } })).data!;
    expect(result).toMatchObject({ __typename: 'ConflictError', reason: 'CLIENT_TOKEN_CONFLICT' });
  });

  it('reports a write the service refuses, or whose handler fails, though the gateway found it valid', async () => {
    stack.emulator.configure({ faults: { rejectWrites: { errorName: 'NotUpdatableException', message: 'The pipeline is being replaced.' } } });
    const refused = (await update({ changes: { description: 'refused' } })).data!.updateImagePipeline;
    stack.emulator.configure({ faults: { rejectWrites: null, failWrites: { errorCode: 'ServiceLimitExceeded', message: 'Pipeline quota reached.' } } });
    const failed = (await update({ wait: true, changes: { description: 'failed' } })).data!.updateImagePipeline;
    expect(refused).toEqual({ __typename: 'NotUpdatableError', message: 'The pipeline is being replaced.', failedRequest: null });
    expect(failed).toMatchObject({ __typename: 'RequestFailedError', errorCode: 'ServiceLimitExceeded', message: expect.stringMatching(/Pipeline quota reached\.$/) });
    expect(storedPipeline(stack.emulator, DEMO.golden)!.Description).not.toMatch(/refused|failed/);
  });

  it.each([
    ['a model the service rejects', { errorName: 'InvalidRequestException', message: 'Model validation failed (#/Schedule: extraneous key [Bogus] is not permitted)' }, { __typename: 'ValidationError', problems: [{ path: '', field: null, rule: 'cloudControl', message: 'Cloud Control refused the request: Model validation failed (#/Schedule: extraneous key [Bogus] is not permitted)' }] }],
    ['a write of a pipeline another is changing', { errorName: 'ResourceConflictException', message: 'The resource is busy.' }, { __typename: 'ConflictError', reason: 'RESOURCE_CONFLICT' }],
    ['a create of a pipeline that exists', { errorName: 'AlreadyExistsException', message: 'It exists.' }, { __typename: 'AlreadyExistsError', message: 'It exists.' }],
  ])('reports %s, refused by the service though the gateway found it valid, as a typed result that changed nothing', async (_name, rejectWrites, expected) => {
    stack.emulator.configure({ faults: { rejectWrites: rejectWrites as never } });
    const { updateImagePipeline: result } = (await update({ clientToken: 'refused-by-service', changes: { description: 'never applied' } })).data!;
    expect(result).toMatchObject(expected);
    expect(stack.emulator.calls.count('UpdateResource')).toBe(1);
    expect(storedPipeline(stack.emulator, DEMO.golden)!.Description).not.toBe('never applied');
  });

  it.each(['NotUpdatable', 'NotFound', 'AlreadyExists', 'InvalidRequest', 'InternalFailure'])(
    'reports a request its handler fails with %s as the typed result for that code, carrying the failed request',
    async (errorCode) => {
      stack.emulator.configure({ faults: { failWrites: { errorCode: errorCode as never, message: `handler says ${errorCode}` } } });
      const { updateImagePipeline: result } = (await update({ wait: true, changes: { description: 'handler decides' } })).data!;
      const typename = { NotUpdatable: 'NotUpdatableError', NotFound: 'NotFoundError', AlreadyExists: 'AlreadyExistsError' }[errorCode] ?? 'RequestFailedError';
      // The handler's own message, except for NotFound, which names the pipeline that is gone.
      const message = errorCode === 'NotFound' ? expect.stringMatching(/does not exist in us-east-1/) : expect.stringContaining(`handler says ${errorCode}`);
      expect(result).toMatchObject({ __typename: typename, message });
      if (typename === 'RequestFailedError') expect(result.errorCode).toBe(errorCode);
      else expect(result.failedRequest).toMatchObject({ status: 'FAILED', errorCode });
      expect(storedPipeline(stack.emulator, DEMO.golden)!.Description).not.toBe('handler decides');
    },
  );

  it('reports a second write while one is in flight as a conflict', async () => {
    stack.emulator.configure({ writeDelayMs: NEVER });
    await update({ changes: { description: 'first' } });
    const { updateImagePipeline: result } = (await update({ changes: { description: 'second' } })).data!;
    expect(result).toMatchObject({ __typename: 'ConflictError', reason: 'CONCURRENT_OPERATION' });
  });

  it('cancels a request in progress, and says plainly when it cannot', async () => {
    stack.emulator.configure({ writeDelayMs: NEVER });
    const { deleteImagePipeline: deleted } = (await stack.gql(DELETE, { input: { arn: DEMO.nginx } })).body.data!;
    const CANCEL = `mutation($input: CancelResourceRequestInput!) { cancelResourceRequest(input: $input) {
      __typename ... on CancelResourceRequestPayload { request { status } } ... on ConflictError { reason message } ... on RequestNotFoundError { requestToken } } }`;
    const input = { requestToken: deleted.request.requestToken, region: 'us-east-1' };
    expect((await stack.gql(CANCEL, { input })).body.data!.cancelResourceRequest).toEqual({
      __typename: 'CancelResourceRequestPayload',
      request: { status: 'CANCEL_COMPLETE' },
    });
    expect((await stack.gql(CANCEL, { input })).body.data!.cancelResourceRequest).toMatchObject({ __typename: 'ConflictError', reason: 'NOT_CANCELLABLE' });
    expect((await stack.gql(CANCEL, { input: { ...input, requestToken: 'unknown-token' } })).body.data!.cancelResourceRequest).toEqual({
      __typename: 'RequestNotFoundError',
      requestToken: 'unknown-token',
    });
    expect(storedPipeline(stack.emulator, DEMO.nginx)).toBeDefined();
  });

  it('lists recent requests, filtered and paged', async () => {
    await update({ changes: { description: 'x' }, wait: true });
    await stack.gql(DELETE, { input: { arn: DEMO.windows, wait: true } });
    const LIST = `query($first: Int, $after: String, $filter: ResourceRequestFilter) {
      resourceRequests(region: "us-east-1", first: $first, after: $after, filter: $filter) {
        nodes { operation status identifier } pageInfo { hasNextPage endCursor } } }`;
    const page1 = (await stack.gql(LIST, { first: 1 })).body.data!.resourceRequests;
    expect(page1.nodes).toEqual([{ operation: 'DELETE', status: 'SUCCESS', identifier: DEMO.windows }]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await stack.gql(LIST, { first: 5, after: page1.pageInfo.endCursor })).body.data!.resourceRequests;
    expect(page2.nodes).toEqual([{ operation: 'UPDATE', status: 'SUCCESS', identifier: DEMO.golden }]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const updates = (await stack.gql(LIST, { filter: { operations: ['UPDATE'] } })).body.data!.resourceRequests;
    expect(updates.nodes.map((n: { operation: string }) => n.operation)).toEqual(['UPDATE']);
    const mixed = await stack.gql(LIST, { first: 1, after: page1.pageInfo.endCursor, filter: { operations: ['UPDATE'] } });
    expect(mixed.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('refuses a region that contradicts the ARN of a write, as bad input', async () => {
    const { body } = await stack.gql(UPDATE, { input: { arn: DEMO.golden, region: 'eu-west-1', changes: { description: 'x' } } });
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(stack.emulator.calls.count()).toBe(0);
  });
});
