/**
 * What resolving a field can cost upstream, declared on the field (its GraphQL `extensions`) and
 * read by the estimate made before execution (plugins/upstream-estimate.ts):
 * - `byArn`: one read of the resource its `arn` argument names, shared with every other field
 *   naming the same resource (the loader reads each once);
 * - `perRow`: up to this many reads for each row of the list it is selected under (a related
 *   resource of each listed pipeline), whether or not rows share them.
 */
export type UpstreamCost = { byArn: string } | { perRow: number };

export const UPSTREAM_COST = 'upstreamCost';

export const upstreamCost = (cost: UpstreamCost) => ({ [UPSTREAM_COST]: cost });

/**
 * A pipeline names few workflows (the demo's have one to three); the reads themselves are counted
 * as they are made (loaders/upstream-budget.ts), which holds MAX_UPSTREAM_KEYS whatever the count.
 */
export const ASSUMED_WORKFLOWS_PER_PIPELINE = 3;
