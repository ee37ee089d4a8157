import { DEMO, type Stack, startStack } from './support/stack';

/**
 * A workflow's document (Workflow.data), which Cloud Control never returns, from Image Builder's
 * GetWorkflow; and the AWS-managed workflows a pipeline names, described by GetWorkflow too.
 */
const OWN = 'arn:aws:imagebuilder:us-east-1:123456789012:workflow/build/cis-hardening-build/1.2.0/1';
const MANAGED = 'arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/x.x.x';

describe('workflow documents', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it("are read from GetWorkflow only when selected, once per workflow however many pipelines name it", async () => {
    const fields = `workflows { workflow { arn name version description data } }`;
    const { body } = await stack.gql(`{ a: imagePipeline(arn: "${DEMO.ubuntu}") { ${fields} } b: imagePipeline(arn: "${DEMO.golden}") { ${fields} }
      c: workflow(arn: "${OWN}") { data } }`);
    expect(body.errors).toBeUndefined();
    const workflows = [...body.data!.a.workflows, ...body.data!.b.workflows].map((entry: { workflow: Record<string, string> }) => entry.workflow);
    const own = workflows.find((workflow) => workflow.arn === OWN)!;
    expect(own).toMatchObject({ name: 'cis-hardening-build', version: '1.2.0', data: expect.stringContaining('steps:') });
    expect(body.data!.c.data).toBe(own.data);
    const managed = workflows.find((workflow) => workflow.arn === MANAGED)!;
    expect(managed).toMatchObject({ name: 'build-image', version: '1.0.2', description: expect.stringMatching(/^Builds an image/), data: expect.stringMatching(/^name: build-image/) });
    const distinct = [...new Set(workflows.map((workflow) => workflow.arn))].sort();
    expect(stack.emulator.calls.calls('GetWorkflow').map((call) => call.identifier).sort()).toEqual(distinct);

    stack.emulator.calls.reset();
    await stack.gql(`{ workflow(arn: "${OWN}") { name version } }`);
    expect(stack.emulator.calls.count('GetWorkflow')).toBe(0);
  });

  it('fail only their own field when Image Builder denies the read', async () => {
    stack.emulator.configure({ faults: { denyOperations: ['GetWorkflow'] } });
    const { body } = await stack.gql(`{ workflow(arn: "${OWN}") { name data } }`);
    expect(body.data!.workflow).toEqual({ name: 'cis-hardening-build', data: null });
    expect(body.errors!.map((error) => [error.path, error.extensions!.code, error.extensions!.requiredPermissions])).toEqual([
      [['workflow', 'data'], 'FORBIDDEN', ['imagebuilder:GetWorkflow']],
    ]);
  });
});
