import type { ImageStore } from '../image-store';
import type { Place } from '../resources/arns';
import type { ResourceModel } from '../resources/handler-rules';
import { IMAGE_PIPELINE } from '../resources/type-names';
import type { ResourceStore } from '../store';
import { asApiStructure } from './api-shape';
import { dateTime } from './dates';
import { recipeFactsOf } from './recipe-facts';
import { nextRunOf } from './schedule';

/**
 * A pipeline as the Image Builder API returns it (the ImagePipeline shape): its Cloud Control
 * model in the API's names, with what the service keeps beside the model: when it was created
 * and last changed, its platform (its recipe's), its health (the newest build's state, the
 * failures counted by the model's rules) and, while it is enabled, when its schedule next runs.
 * dateLastRun stays out: the model documents that it "is no longer supported, and does not
 * return a value".
 */
export function pipelineView(model: ResourceModel, place: Place, store: ResourceStore, images: ImageStore, now: number): Record<string, unknown> {
  const arn = String(model.Arn);
  const dates = store.datesOf(place, IMAGE_PIPELINE, arn);
  const health = images.health(place, arn);
  const nextRun = model.Status === 'DISABLED' ? undefined : nextRunOf(model.Schedule as ResourceModel | undefined, now);
  return {
    ...asApiStructure(model, 'ImagePipeline'),
    platform: recipeFactsOf(store, place, model).platform,
    ...(dates ? { dateCreated: dateTime(dates.createdAt), dateUpdated: dateTime(dates.updatedAt) } : {}),
    ...(health.lastRunStatus ? { lastRunStatus: health.lastRunStatus } : {}),
    ...(nextRun === undefined ? {} : { dateNextRun: dateTime(nextRun) }),
    consecutiveFailures: health.consecutiveFailures,
  };
}
