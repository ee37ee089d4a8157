import { builder } from '../builder';
import type { GatewayContext } from '../context';
import { memberDocumentation } from '../resources/api-model';
import type { PipelineHealth } from '../upstream/imagebuilder/shapes';
import { ImageStatus, Platform } from './image-builder-enums';
import { ImagePipeline } from './image-pipeline';
import type { ResourceRef } from './resource-ref';
import { WITHOUT_MODEL } from './selections';
import { HEALTH_PIPELINES_PER_CALL, upstreamCost } from './upstream-cost';

/** A pipeline's health is read as the account its ARN names, in the region it was read in. */
export const healthKey = (ref: ResourceRef) => ({ accountId: ref.accountId, region: ref.region, arn: ref.arn });

/**
 * A health field: read (only when selected) through the request's health loader, which batches
 * every pipeline of the request by account and region, ten to a call; null when Image Builder
 * does not know the pipeline. A failed read fails these fields only, never the pipeline.
 */
function healthField<T>(pick: (health: PipelineHealth) => T | null) {
  return (ref: ResourceRef, _args: object, context: GatewayContext) => context.loaders.health.load(healthKey(ref)).then((health) => (health ? pick(health) : null));
}

const UNKNOWN = "Null when Image Builder does not know the pipeline. Read from Image Builder's ListImagePipelines, ten pipelines a call, only when selected.";
const extensions = { ...upstreamCost({ batchedPerRows: HEALTH_PIPELINES_PER_CALL, batch: 'health' }), ...WITHOUT_MODEL };

builder.objectFields(ImagePipeline, (t) => ({
  lastRunStatus: t.field({
    type: ImageStatus,
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'lastRunStatus')} ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.lastRunStatus as never),
  }),
  consecutiveFailures: t.int({
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'consecutiveFailures')} ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.consecutiveFailures),
  }),
  nextRunAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'dateNextRun')} Null while the pipeline is disabled or has no schedule. ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.nextRunAt),
  }),
  createdAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'dateCreated')} ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.createdAt),
  }),
  updatedAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'dateUpdated')} ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.updatedAt),
  }),
  platform: t.field({
    type: Platform,
    nullable: true,
    description: `${memberDocumentation('ImagePipeline', 'platform')} ${UNKNOWN}`,
    extensions,
    resolve: healthField((health) => health.platform as never),
  }),
}));
