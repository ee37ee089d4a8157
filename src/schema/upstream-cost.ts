import { IMAGES_PER_PAGE, NAMES_PER_FILTER } from '../upstream/imagebuilder/image-builder';

/**
 * What resolving a field can cost upstream, declared on the field (its GraphQL `extensions`) and
 * read by the estimate made before execution (plugins/upstream-estimate.ts):
 * - `byArn`: one read of the resource its `arn` argument names, shared with every other field
 *   naming the same resource (the loader reads each once);
 * - `perRow`: up to this many reads for each row of the list it is selected under (a related
 *   resource of each listed pipeline), whether or not rows share them; what is selected under it
 *   is counted for that many rows each;
 * - `batch`: one read for every `batchedPerRows` rows, shared by every field of the same batch
 *   selected on the same object (a pipeline's health fields: ten pipelines a call);
 * - `pagedBy`: a connection read in pages of this many items, `first` items for each row.
 */
export type UpstreamCost = { byArn: string } | { perRow: number } | { batch: string; batchedPerRows: number } | { pagedBy: number };

export const UPSTREAM_COST = 'upstreamCost';

export const upstreamCost = (cost: UpstreamCost) => ({ [UPSTREAM_COST]: cost });

/**
 * A pipeline names few workflows (the demo's have one to three); the reads themselves are counted
 * as they are made (loaders/upstream-budget.ts), which holds MAX_UPSTREAM_KEYS whatever the count.
 */
export const ASSUMED_WORKFLOWS_PER_PIPELINE = 3;

/** Pipelines whose health one ListImagePipelines call answers (a name filter takes ten values). */
export const HEALTH_PIPELINES_PER_CALL = NAMES_PER_FILTER;

/** Images a ListImagePipelineImages page holds (the gateway asks for the model's maximum). */
export const IMAGES_PER_CALL = IMAGES_PER_PAGE;
