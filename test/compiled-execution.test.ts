import { MAX_COMPILED_FIELDS, MAX_KEPT_FIELDS, RUNS_BEFORE_COMPILING } from '../src/plugins/execution';
import { DEMO, type Stack, startStack } from './support/stack';

/**
 * COMPILE_QUERIES: a query document run a third time is compiled (graphql-jit) and runs compiled
 * from then on. What a client sees must not change: every answer is compared as text (so the order
 * of fields counts) with the first, which graphql-js executed.
 */
const compiled = (stack: Stack) => stack.metric('graphql_documents_compiled_total', { outcome: 'compiled' });
const notCompiled = async (stack: Stack) =>
  (await stack.metric('graphql_documents_compiled_total', { outcome: 'not compilable' })) + (await stack.metric('graphql_documents_compiled_total', { outcome: 'too large' }));

// Aliases, fragments, @include/@skip, a list of rows, fields from both APIs and a related
// resource, and one field that fails (with its path and locations).
const QUERY = `query Dashboard($withRecipe: Boolean!, $first: Int!) {
  second: imagePipeline(arn: "${DEMO.golden}") { consecutiveFailures ...Named }
  broken: imagePipeline(arn: "not-an-arn") { name }
  first: imagePipelines(region: "us-east-1", first: $first) {
    nodes { __typename lastRunStatus imageRecipe @include(if: $withRecipe) { version name } ...Named status }
    pageInfo { hasNextPage }
  }
}
fragment Named on ImagePipeline { name description @skip(if: $withRecipe) arn }`;

async function text(stack: Stack, query: string, variables: Record<string, unknown>): Promise<string> {
  const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  expect(response.status).toBe(200);
  return response.text();
}

describe('compiled queries', () => {
  let stack: Stack;
  afterEach(() => stack.close());

  it(`compile at a document's run ${RUNS_BEFORE_COMPILING + 1} and answer as its first run did, errors and field order included`, async () => {
    expect(RUNS_BEFORE_COMPILING).toBe(2);
    stack = await startStack();
    const variables = { withRecipe: true, first: 4 };
    const first = await text(stack, QUERY, variables);
    expect(await text(stack, QUERY, variables)).toBe(first);
    expect(await compiled(stack)).toBe(0);
    const parsed = JSON.parse(first) as { data: Record<string, any>; errors: { message: string; locations?: unknown[]; path: unknown[]; extensions: { code: string } }[] };
    expect(parsed.data.first.nodes.length).toBeGreaterThan(1);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ path: ['broken'], locations: [{ line: 3, column: 3 }], extensions: { code: 'BAD_USER_INPUT' } });

    expect(await text(stack, QUERY, variables)).toBe(first);
    expect(await compiled(stack)).toBe(1);
    expect(await text(stack, QUERY, variables)).toBe(first);
    // Other variables, the same compiled document.
    const other = await text(stack, QUERY, { withRecipe: false, first: 2 });
    expect(await compiled(stack)).toBe(1);
    const otherRow = (JSON.parse(other) as { data: Record<string, any> }).data.first.nodes[0];
    expect(Object.keys(otherRow)).toEqual(['__typename', 'lastRunStatus', 'name', 'description', 'arn', 'status']);
    expect(await notCompiled(stack)).toBe(0);
  });

  it(`leave documents of more than ${MAX_COMPILED_FIELDS} fields (fragments counted at each spread, interfaces once per type) on graphql-js`, async () => {
    stack = await startStack();
    const fragment = 'fragment Row on ImagePipeline { arn name description status imageRecipeArn executionRole enhancedImageMetadataEnabled schedule { timezone } }';
    const spreads = Math.ceil(MAX_COMPILED_FIELDS / 9) + 1;
    const large = `{ ${Array.from({ length: spreads }, (_, i) => `p${i}: imagePipeline(arn: "${DEMO.golden}") { ...Row }`).join(' ')} } ${fragment}`;
    const first = await text(stack, large, {});
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) expect(await text(stack, large, {})).toBe(first);
    expect(await stack.metric('graphql_documents_compiled_total', { outcome: 'too large' })).toBe(1);
    // Four fields on the Node interface are compiled once for each of its object types.
    const abstract = `{ ${Array.from({ length: 4 }, (_, i) => `n${i}: node(id: "${DEMO.golden}-${i}") { id __typename }`).join(' ')} }`;
    const firstAbstract = await text(stack, abstract, {});
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) expect(await text(stack, abstract, {})).toBe(firstAbstract);
    expect(await stack.metric('graphql_documents_compiled_total', { outcome: 'too large' })).toBe(2);
    expect(await compiled(stack)).toBe(0);
  });

  it('answer upstream data the schema does not allow as graphql-js does (masked, logged), reading nothing twice', async () => {
    // No shared reads: every run reads Cloud Control itself, so a second read would show in the counts.
    stack = await startStack({ env: { CACHE_TTL_SECONDS: '0' } });
    const place = { account: '123456789012', region: 'us-east-1' };
    const pipelineType = 'AWS::ImageBuilder::ImagePipeline';
    stack.emulator.store.put(place, pipelineType, DEMO.golden, { ...stack.emulator.store.get(place, pipelineType, DEMO.golden)!, Tags: { team: 'platform', owner: null } });
    const query = `{ imagePipeline(arn: "${DEMO.golden}") { name tags { key value } } }`;
    const runs: { text: string; calls: number; logged: number }[] = [];
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 2; run++) {
      const callsBefore = stack.emulator.calls.count();
      stack.logs.length = 0;
      const answer = await text(stack, query, {});
      const logged = stack.logs.map((line) => JSON.parse(line) as { msg: string }).filter((line) => line.msg === 'unexpected error while executing a request').length;
      runs.push({ text: answer, calls: stack.emulator.calls.count() - callsBefore, logged });
    }
    expect(await compiled(stack)).toBe(1);
    expect(JSON.parse(runs[0]!.text)).toMatchObject({ errors: [{ message: 'Unexpected error.', path: ['imagePipeline', 'tags', 1, 'value'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(runs[0]!.calls).toBeGreaterThan(0);
    expect(runs[0]!.logged).toBe(1);
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });

  it(`keep at most ${MAX_KEPT_FIELDS} fields of compiled queries: the least recently run is dropped, and compiles again after its runs`, async () => {
    stack = await startStack();
    // Documents of exactly MAX_COMPILED_FIELDS fields, told apart by their operation's name.
    const document = (n: number) => `query Q${n} { ${'__typename '.repeat(MAX_COMPILED_FIELDS)}}`;
    const fit = MAX_KEPT_FIELDS / MAX_COMPILED_FIELDS;
    for (let n = 0; n <= fit; n++) {
      for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) expect(await text(stack, document(n), {})).toBe('{"data":{"__typename":"Query"}}');
    }
    // The last one made room by dropping the first, which has to count its runs again.
    expect(await compiled(stack)).toBe(fit + 1);
    for (let run = 0; run < RUNS_BEFORE_COMPILING; run++) await text(stack, document(0), {});
    expect(await compiled(stack)).toBe(fit + 1);
    await text(stack, document(0), {});
    expect(await compiled(stack)).toBe(fit + 2);
    // One still kept runs compiled without compiling again.
    await text(stack, document(fit), {});
    expect(await compiled(stack)).toBe(fit + 2);
  });

  it('refuse variables with the reason graphql-js gives, and read nothing', async () => {
    stack = await startStack();
    const query = 'query($first: Int!) { imagePipelines(region: "us-east-1", first: $first) { nodes { name } } }';
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) await text(stack, query, { first: 1 });
    expect(await compiled(stack)).toBe(1);
    stack.emulator.reset();
    const refused = JSON.parse(await text(stack, query, { first: 'two' })) as { data?: unknown; errors: { message: string }[] };
    expect(refused.data).toBeUndefined();
    expect(refused.errors.map((error) => error.message)).toEqual(['Variable "$first" got invalid value "two"; Int cannot represent non-integer value: "two"']);
    expect(stack.emulator.calls.count()).toBe(0);
  });

  it('leave mutations on graphql-js, and everything when COMPILE_QUERIES=false', async () => {
    stack = await startStack();
    const mutation = 'mutation { deleteImagePipeline(arn: "not-an-arn") { __typename } }';
    const once = await text(stack, mutation, {});
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) expect(await text(stack, mutation, {})).toBe(once);
    expect(await compiled(stack)).toBe(0);
    expect(await notCompiled(stack)).toBe(0);
    await stack.close();

    stack = await startStack({ env: { COMPILE_QUERIES: 'false' } });
    const variables = { withRecipe: true, first: 4 };
    const first = await text(stack, QUERY, variables);
    for (let run = 0; run < RUNS_BEFORE_COMPILING + 1; run++) expect(await text(stack, QUERY, variables)).toBe(first);
    const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
    expect(metrics).not.toContain('graphql_documents_compiled_total');
  });
});
