import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { ResourceModel } from '../resource/image-pipeline-type';
import type { ListedResource, Page } from '../cloudcontrol/cloud-control';
import { createResourceLoader, type ResourceKey, type ResourceReader } from './resource-loader';

export type { ResourceKey } from './resource-loader';
export type { ListPosition, ListWindow } from './list-window';
export { readWindow } from './list-window';

export interface ListPageKey {
  region: string;
  typeName: string;
  token: string | undefined;
}

export type ListPageReader = (key: ListPageKey) => Promise<Page<ListedResource>>;

export interface Loaders {
  resources: DataLoader<ResourceKey, ResourceModel | null, string>;
  /** ListResources pages; two fields listing the same region in one request share each page. */
  listPages: DataLoader<ListPageKey, Page<ListedResource>, string>;
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
export function createLoaders(read: ResourceReader, list: ListPageReader, options: LoaderOptions): Loaders {
  const resources = createResourceLoader(read, pLimit(options.concurrency));
  const listPages = new DataLoader<ListPageKey, Page<ListedResource>, string>(
    (keys) => Promise.all(keys.map((key) => list(key).catch((error: unknown) => error as Error))),
    { cacheKeyFn: (key) => `${key.region}|${key.typeName}|${key.token ?? ''}` },
  );
  return {
    resources,
    listPages,
    prime: (key, model) => {
      resources.clear(key).prime(key, model);
    },
    forget: (key) => {
      resources.clear(key);
    },
  };
}
