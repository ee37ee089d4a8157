import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SCHEMA_FILE } from '../src/schema/print';
import { startStack } from './support/stack';

/**
 * A small Relay app, as a frontend team would write it, compiled by relay-compiler against the
 * committed schema.graphql: what Relay needs of the schema (Node ids, connections, a delete
 * payload with the deleted id, subscriptions) is checked by Relay itself. The app is written to a
 * temporary directory, never into the source tree.
 */
const APP: Record<string, string> = {
  'PipelineList.ts': `
import { graphql } from 'react-relay';

export const pipelineList = graphql\`
  fragment PipelineList_query on Query
  @argumentDefinitions(count: { type: "Int", defaultValue: 20 }, cursor: { type: "String" }, region: { type: "String", defaultValue: "us-east-1" })
  @refetchable(queryName: "PipelineListPaginationQuery") {
    imagePipelines(region: $region, first: $count, after: $cursor) @connection(key: "PipelineList_imagePipelines", filters: ["region"]) {
      __id
      edges { node { id ...PipelineRow_pipeline } }
    }
  }
\`;

export const pipelineListQuery = graphql\`
  query PipelineListQuery { ...PipelineList_query }
\`;
`,
  'PipelineRow.ts': `
import { graphql } from 'react-relay';

export const pipelineRow = graphql\`
  fragment PipelineRow_pipeline on ImagePipeline @refetchable(queryName: "PipelineRowRefetchQuery") {
    id
    name
    status
  }
\`;
`,
  'DeletePipeline.ts': `
import { graphql } from 'react-relay';

export const deletePipeline = graphql\`
  mutation DeletePipelineMutation($input: DeleteImagePipelineInput!, $connections: [ID!]!) {
    deleteImagePipeline(input: $input) {
      __typename
      ... on ImagePipelineWritePayload {
        deletedId @deleteEdge(connections: $connections)
        imagePipelineId
        request { id status }
      }
      ... on MutationError { message }
    }
  }
\`;
`,
  'FollowRequest.ts': `
import { graphql } from 'react-relay';

export const followRequest = graphql\`
  subscription FollowRequestSubscription($requestToken: String!, $region: String!) {
    resourceRequest(requestToken: $requestToken, region: $region) {
      id
      status
      isFinal
      imagePipeline { id ...PipelineRow_pipeline }
    }
  }
\`;
`,
};

/** Runs the compiler relay-compiler ships (its binary for this platform); a failure fails the test with its output. */
function compile(config: string): void {
  const result = spawnSync(process.execPath, [require.resolve('relay-compiler/cli.js'), '--noWatchman', config], { cwd: dirname(config), encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`relay-compiler exited with ${result.status}:\n${result.stdout}${result.stderr}`);
}

describe('a Relay app against schema.graphql', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'relay-app-'));
    mkdirSync(join(dir, 'src'));
    for (const [name, source] of Object.entries(APP)) writeFileSync(join(dir, 'src', name), source);
    writeFileSync(join(dir, 'schema.graphql'), readFileSync(SCHEMA_FILE, 'utf8'));
    writeFileSync(join(dir, 'relay.config.json'), JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles: a paginated @connection over imagePipelines, a node refetch, @deleteEdge on deletedId, a subscription', () => {
    compile(join(dir, 'relay.config.json'));
    const generated = join(dir, 'src', '__generated__');
    for (const artifact of ['PipelineListPaginationQuery', 'PipelineRowRefetchQuery', 'DeletePipelineMutation', 'FollowRequestSubscription']) {
      expect(existsSync(join(generated, `${artifact}.graphql.ts`))).toBe(true);
    }
    // The row refetches through node(id:), the query Relay builds for a Node type.
    expect(readFileSync(join(generated, 'PipelineRowRefetchQuery.graphql.ts'), 'utf8')).toMatch(/node\(id: \$id\)/);
    expect(readFileSync(join(generated, 'DeletePipelineMutation.graphql.ts'), 'utf8')).toContain('"deleteEdge"');
  });

  it('persists its operations to a file the gateway runs as trusted documents (PERSISTED_OPERATIONS)', async () => {
    const persisted = join(dir, 'persisted-queries.json');
    const config = join(dir, 'relay.persist.json');
    writeFileSync(persisted, '{}'); // Relay adds to the file, which must exist
    writeFileSync(
      config,
      JSON.stringify({ src: './src', schema: './schema.graphql', language: 'typescript', persistConfig: { file: persisted, algorithm: 'SHA256' } }),
    );
    compile(config);
    const artifact = readFileSync(join(dir, 'src', '__generated__', 'PipelineListQuery.graphql.ts'), 'utf8');
    const id = /"id": "([0-9a-f]{64})"/.exec(artifact)![1]!;

    const stack = await startStack({ env: { PERSISTED_OPERATIONS: persisted } });
    try {
      // As Relay's network layer sends a persisted operation: its id, never its text.
      const response = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables: {} }),
      });
      const body = (await response.json()) as { data?: { imagePipelines: { edges: { node: { id: string; name: string } }[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.imagePipelines.edges.map(({ node }) => node.name)).toContain('amazon-linux-2023-golden');
    } finally {
      await stack.close();
    }
  });
});
