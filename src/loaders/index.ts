import DataLoader from 'dataloader';
import type { ResourceModel } from '../resources/registry-schema';
import type { ListedResource, Page } from '../upstream/cloudcontrol/cloud-control';
import { createResourceLoader, type ResourceKey, type ResourcePeek, type ResourceReader } from './resource-loader';

export type { ResourceKey } from './resource-loader';
export type { ListPosition, ListWindow } from './list-window';
export { readWindow } from './list-window';

export interface ListPageKey {
  accountId: string;
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
  /** Models the shared read cache holds, to be had without a batch. */
  peek?: ResourcePeek;
}

/**
 * One loader set per GraphQL request; never shared, so no request sees another's data. Each
 * loader is made when the request first needs it: most requests use one of them, or none.
 */
export function createLoaders(read: ResourceReader, list: ListPageReader, options: LoaderOptions): Loaders {
  let resources: Loaders['resources'] | undefined;
  let listPages: Loaders['listPages'] | undefined;
  const loaders: Loaders = {
    get resources() {
      return (resources ??= createResourceLoader(read, options.concurrency, options.peek));
    },
    get listPages() {
      return (listPages ??= new DataLoader<ListPageKey, Page<ListedResource>, string>(
        (keys) => Promise.all(keys.map((key) => list(key).catch((error: unknown) => error as Error))),
        { cacheKeyFn: (key) => `${key.accountId}|${key.region}|${key.typeName}|${key.token ?? ''}` },
      ));
    },
    prime: (key, model) => {
      loaders.resources.clear(key).prime(key, model);
    },
    forget: (key) => {
      resources?.clear(key);
    },
  };
  return loaders;
}
