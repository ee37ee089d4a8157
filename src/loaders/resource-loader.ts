import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { ResourceModel } from '../resource/image-pipeline-type';

/** Cloud Control identifies a resource by region, type and primary identifier. */
export interface ResourceKey {
  region: string;
  typeName: string;
  identifier: string;
}

export type ResourceReader = (key: ResourceKey) => Promise<ResourceModel | null>;

const resourceCacheKey = (key: ResourceKey) => `${key.region}|${key.typeName}|${key.identifier}`;

/**
 * Batches every key asked for in one tick of execution, deduplicates them, and reads them
 * concurrently, no more than `limit` at a time for the whole request (so one query cannot
 * open hundreds of upstream calls at once). A key that fails rejects only its own load.
 */
export function createResourceLoader(read: ResourceReader, limit: ReturnType<typeof pLimit>): DataLoader<ResourceKey, ResourceModel | null, string> {
  return new DataLoader<ResourceKey, ResourceModel | null, string>(
    (keys) => Promise.all(keys.map((key) => limit(() => read(key)).catch((error: unknown) => toError(error)))),
    { cacheKeyFn: resourceCacheKey },
  );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
