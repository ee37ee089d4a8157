import { parse } from 'graphql';
import { estimateUpstreamCalls } from '../src/plugins/upstream-estimate';
import { schema } from '../src/schema';
import { DEMO, startStack } from './support/stack';

/**
 * The upstream-call estimate made before execution (MAX_UPSTREAM_KEYS) counts Image Builder's
 * reads and writes: a pipeline's health ten rows a call, its images' pages, its latest image, a
 * workflow's document, the status listing, the mutations and the image subscription's first read.
 */
const estimate = (document: string, variables: Record<string, unknown> = {}) => estimateUpstreamCalls(schema, parse(document), undefined, variables, 20);
const BUILD = 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/3';

describe('the upstream-call estimate', () => {
  it.each([
    ['health of 100 listed rows: 4 list pages, ten health calls, no model', `{ imagePipelines(first: 100) { nodes { arn lastRunStatus consecutiveFailures nextRunAt platform } } }`, 4 + 10],
    ['the same with a field of the model: a read per row', `{ imagePipelines(first: 100) { nodes { name lastRunStatus } } }`, 4 + 100 + 10],
    ['health through fragments and aliases is still one batch', `{ imagePipelines(first: 20) { nodes { a: lastRunStatus ...H } } } fragment H on ImagePipeline { createdAt }`, 1 + 2],
    ['health of one pipeline', `{ imagePipeline(arn: "${DEMO.golden}") { lastRunStatus updatedAt } }`, 1 + 1],
    ['images: the pages first needs', `{ imagePipeline(arn: "${DEMO.golden}") { images(first: 30) { nodes { arn state { status } } } } }`, 1 + 2],
    ['images of each listed row', `{ imagePipelines(first: 10) { nodes { arn images(first: 5) { nodes { arn } } } } }`, 1 + 10],
    ['the latest image of each listed row', `{ imagePipelines(first: 20) { nodes { arn latestImage { arn } } } }`, 1 + 20],
    ['the status listing: its pages, its rows health primed', `{ imagePipelines(first: 50, filter: { status: ENABLED }) { nodes { arn lastRunStatus } } }`, 2 + 5],
    ["workflows' documents, up to three a pipeline", `{ imagePipelines(first: 10) { nodes { workflows { workflow { data } } } } }`, 1 + 10 + 30 + 30],
    ['an image by id', `{ node(id: "${Buffer.from(`Image:${BUILD}`).toString('base64')}") { id } }`, 1],
    ['a run started, and its image', `mutation { startImagePipelineExecution(input: { arn: "${DEMO.golden}" }) { ... on StartImagePipelineExecutionPayload { image { arn } } } }`, 2],
    ['a build cancelled', `mutation { cancelImageCreation(input: { imageBuildVersionArn: "${BUILD}" }) { __typename } }`, 1],
    ["the image subscription's first read", `subscription { image(arn: "${BUILD}") { state { status } } }`, 1],
  ])('%s', (_what, document, calls) => {
    expect(estimate(document)).toBe(calls);
  });

  it('refuses a query over MAX_UPSTREAM_KEYS before any call', async () => {
    const stack = await startStack({ env: { MAX_UPSTREAM_KEYS: '20' } });
    try {
      const { body } = await stack.gql(`{ imagePipelines(first: 20) { nodes { arn latestImage { arn } } } }`);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'MAX_UPSTREAM_KEYS', estimate: 21 });
      expect(stack.emulator.calls.count()).toBe(0);
    } finally {
      await stack.close();
    }
  });
});
