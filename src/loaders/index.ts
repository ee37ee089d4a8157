import type DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { ResourceModel } from '../resource/image-pipeline-type';
import { createResourceLoader, type ResourceKey, type ResourceReader } from './resource-loader';

export type { ResourceKey } from './resource-loader';

export interface Loaders {
  resources: DataLoader<ResourceKey, ResourceModel | null, string>;
  /** Seeds a model the request already has (a full list row), so reading it costs nothing. */
  prime(key: ResourceKey, model: ResourceModel): void;
  /** Drops what the request knows about a key, after a write changed it. */
  forget(key: ResourceKey): void;
}

export interface LoaderOptions {
  /** Upstream reads in flight at once for one request. */
  concurrency: number;
}

/** One loader set per GraphQL request; never shared, so no request sees another's data. */
export function createLoaders(read: ResourceReader, options: LoaderOptions): Loaders {
  const resources = createResourceLoader(read, pLimit(options.concurrency));
  return {
    resources,
    prime: (key, model) => {
      resources.clear(key).prime(key, model);
    },
    forget: (key) => {
      resources.clear(key);
    },
  };
}
