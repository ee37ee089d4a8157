import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO, type Stack, startStack } from './support/stack';
import { demoPlace, storedRequests } from './support/emulator';

/**
 * A write whose answer is lost may have been applied: the error says so and carries the client
 * token, and repeating the mutation with it applies the write once. The SDK's own retries are off
 * (CLOUDCONTROL_MAX_ATTEMPTS=1), so the lost answer reaches the caller instead of being retried.
 */
const payload = `__typename ... on ImagePipelineWritePayload { clientToken request { requestToken status } } ... on MutationError { message }`;
const update = (description: string, clientToken?: string) =>
  `mutation { updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "${description}" }${clientToken ? `, clientToken: "${clientToken}"` : ''} }) { ${payload} } }`;
const create = (clientToken?: string) =>
  `mutation { createImagePipeline(input: { name: "retried-create", imageRecipeArn: "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/al2023/1.0.0",
     infrastructureConfigurationArn: "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/default"${clientToken ? `, clientToken: "${clientToken}"` : ''} }) { ${payload} } }`;
const UNKNOWN = /Its outcome is unknown: Cloud Control may have applied it\. Repeating this mutation with clientToken "([^"]+)" is safe/;

describe('writes whose outcome is unknown', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { CLOUDCONTROL_MAX_ATTEMPTS: '1', CLOUDCONTROL_TIMEOUT_MS: '500' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const requestLine = (response: { headers: Headers }) =>
    stack.logs.map((line) => JSON.parse(line)).find((line) => line.msg === 'request' && line.requestId === response.headers.get('x-request-id'));

  it('answer lost after Cloud Control applied it: the error carries the client token, and the retry with it is applied once', async () => {
    stack.emulator.configure({ faults: { dropRate: 1, dropPhase: 'after', operations: ['UpdateResource'], maxFaults: 1 } });
    const lost = await stack.gql(update('applied once'));
    expect(lost.body.data).toBeNull();
    const [error] = lost.body.errors!;
    expect(error!.message).toMatch(UNKNOWN);
    expect(error!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', clientToken: UNKNOWN.exec(error!.message)![1] });
    const clientToken = error!.extensions!.clientToken as string;
    // The service did the work; only its answer was lost.
    expect(storedRequests(stack.emulator, 'us-east-1')).toHaveLength(1);
    expect(requestLine(lost).writes).toEqual([{ operation: 'UPDATE', region: 'us-east-1', arn: DEMO.golden, clientToken, outcome: 'unknown' }]);

    const retried = await stack.gql(update('applied once', clientToken));
    const [original] = storedRequests(stack.emulator, 'us-east-1');
    expect(retried.body).toEqual({
      data: { updateImagePipeline: { __typename: 'ImagePipelineWritePayload', clientToken, request: { requestToken: original!.requestToken, status: expect.any(String) } } },
    });
    expect(storedRequests(stack.emulator, 'us-east-1')).toHaveLength(1);
    expect(stack.emulator.calls.calls('UpdateResource').map((call) => [call.clientToken, call.outcome])).toEqual([
      [clientToken, 'dropped'],
      [clientToken, 'ok'],
    ]);
    expect(requestLine(retried).writes).toEqual([
      { operation: 'UPDATE', region: 'us-east-1', arn: DEMO.golden, clientToken, requestToken: original!.requestToken, outcome: 'accepted' },
    ]);
  });

  it('no answer within CLOUDCONTROL_TIMEOUT_MS: the same, for a create the gateway chose the client token of', async () => {
    stack.emulator.configure({ faults: { hangRate: 1, operations: ['CreateResource'], maxFaults: 1 } });
    const lost = await stack.gql(create());
    const [error] = lost.body.errors!;
    expect(error!.message).toMatch(/did not answer within 500 ms\. Its outcome is unknown/);
    expect(error!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', awsErrorName: 'Timeout', clientToken: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const clientToken = error!.extensions!.clientToken as string;

    const retried = await stack.gql(create(clientToken));
    expect(retried.body.data!.createImagePipeline).toMatchObject({ __typename: 'ImagePipelineWritePayload', clientToken });
    expect(stack.emulator.store.requestsIn(demoPlace('us-east-1'), ['CREATE'])).toHaveLength(1);
    // And again: the same request, not a second pipeline or an AlreadyExists.
    const again = await stack.gql(create(clientToken));
    expect(again.body.data!.createImagePipeline.request.requestToken).toBe(retried.body.data!.createImagePipeline.request.requestToken);
    expect(stack.emulator.store.requestsIn(demoPlace('us-east-1'), ['CREATE'])).toHaveLength(1);
  });

  it('stops the mutation at its first error, as GraphQL does: the writes after it are not sent', async () => {
    const second = `b: updateImagePipeline(input: { arn: "${DEMO.ubuntu}", changes: { description: "never sent" } }) { ${payload} }`;
    // An error before anything was sent, and one after the first write may have been applied.
    const invalid = await stack.gql(`mutation { a: updateImagePipeline(input: { arn: "nope", changes: { description: "x" } }) { ${payload} } ${second} }`);
    stack.emulator.configure({ faults: { dropRate: 1, dropPhase: 'before', operations: ['UpdateResource'], maxFaults: 1 } });
    const lost = await stack.gql(`mutation { a: updateImagePipeline(input: { arn: "${DEMO.golden}", changes: { description: "x" } }) { ${payload} } ${second} }`);
    // As graphql-js reports a mutation it stopped: no data, and the error that stopped it.
    for (const [response, code] of [[invalid, 'BAD_USER_INPUT'], [lost, 'UPSTREAM_UNAVAILABLE']] as const) {
      expect(response.body.data).toBeNull();
      expect(response.body.errors).toEqual([expect.objectContaining({ path: ['a'], extensions: expect.objectContaining({ code }) })]);
    }
    expect(stack.emulator.calls.calls('UpdateResource').map((call) => call.identifier)).toEqual([DEMO.golden]);
    // A typed refusal is a result, not an error: the writes after it go on.
    const refused = await stack.gql(`mutation { a: updateImagePipeline(input: { arn: "${DEMO.missing}", changes: { description: "x" } }) { ${payload} } ${second} }`);
    expect(refused.body.data).toMatchObject({ a: { __typename: 'NotFoundError' }, b: { __typename: 'ImagePipelineWritePayload' } });
  });

  it('a refusal changed nothing, and does not say otherwise', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['UpdateResource'] } });
    const { body } = await stack.gql(update('refused'));
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(body.errors![0]!.message).not.toMatch(/outcome is unknown/);
    expect(body.errors![0]!.extensions).not.toHaveProperty('clientToken');
  });

  it('an answer the gateway cannot read: the outcome is unknown too, and the detail is logged, not returned', async () => {
    const garbage = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end('this is not JSON');
    });
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const unreadable = await startStack({ endpoint: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`, env: { CLOUDCONTROL_MAX_ATTEMPTS: '1' } });
    try {
      const response = await unreadable.gql(create());
      const [error] = response.body.errors!;
      expect(error!.message).toMatch(/^Cloud Control CreateResource in us-east-1 failed unexpectedly \(\w+\)\. Its outcome is unknown/);
      expect(error!.message).not.toContain('this is not JSON');
      expect(error!.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', clientToken: UNKNOWN.exec(error!.message)![1] });
      const logged = unreadable.logs.map((line) => JSON.parse(line)).find((line) => line.level === 'error' && line.requestId === response.headers.get('x-request-id'));
      expect(logged).toMatchObject({ msg: 'upstream failure', details: { clientToken: error!.extensions!.clientToken } });
    } finally {
      await unreadable.close();
      garbage.close();
    }
  });
});
