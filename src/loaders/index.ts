import DataLoader from 'dataloader';
import type { ResourceModel } from '../resources/registry-schema';
import type { ListedResource, Page } from '../upstream/cloudcontrol/cloud-control';
import type { PipelineHealth } from '../upstream/imagebuilder/shapes';
import { createHealthLoader, type HealthKey, type HealthReader } from './health-loader';
import { type ArnKey, createImageBuilderLoaders, type ImageBuilderLoaders, type ImageBuilderReaders } from './image-builder-loaders';
import { createResourceLoader, type ResourceKey, type ResourcePeek, type ResourceReader } from './resource-loader';

export type { ResourceKey } from './resource-loader';
export type { HealthKey } from './health-loader';
export type { ArnKey, ImagePageKey } from './image-builder-loaders';
export type { ListPosition, ListWindow } from './list-window';
export { readWindow } from './list-window';

export interface ListPageKey {
  accountId: string;
  region: string;
  typeName: string;
  token: string | undefined;
}

export type ListPageReader = (key: ListPageKey) => Promise<Page<ListedResource>>;

export interface Loaders extends ImageBuilderLoaders {
  resources: DataLoader<ResourceKey, ResourceModel | null, string>;
  /** ListResources pages; two fields listing the same region in one request share each page. */
  listPages: DataLoader<ListPageKey, Page<ListedResource>, string>;
  /** Pipelines' health from Image Builder, batched per account and region. */
  health: DataLoader<HealthKey, PipelineHealth | null, string>;
  /** Seeds a model the request already has (a full list row), so reading it costs nothing. */
  prime(key: ResourceKey, model: ResourceModel): void;
  /** Drops what the request knows about a key (its model and, for a pipeline, its health), after a write changed it. */
  forget(key: ResourceKey): void;
  /** Drops what the request knows of a pipeline's runs (its health, its images' pages) and of an image, after a run was started or cancelled. */
  forgetRuns(pipeline: HealthKey | null, image?: ArnKey): void;
}

/** Where each loader reads from: the upstream layer, through the request's budget. */
export interface LoaderReaders {
  resource: ResourceReader;
  listPage: ListPageReader;
  health: HealthReader;
  imageBuilder: ImageBuilderReaders;
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
export function createLoaders(readers: LoaderReaders, options: LoaderOptions): Loaders {
  let resources: Loaders['resources'] | undefined;
  let listPages: Loaders['listPages'] | undefined;
  let health: Loaders['health'] | undefined;
  let imageBuilder: ImageBuilderLoaders | undefined;
  const imageBuilderLoaders = () => (imageBuilder ??= createImageBuilderLoaders(readers.imageBuilder, options.concurrency));
  const loaders: Loaders = {
    get resources() {
      return (resources ??= createResourceLoader(readers.resource, options.concurrency, options.peek));
    },
    get listPages() {
      return (listPages ??= new DataLoader<ListPageKey, Page<ListedResource>, string>(
        (keys) => Promise.all(keys.map((key) => readers.listPage(key).catch((error: unknown) => error as Error))),
        { cacheKeyFn: (key) => `${key.accountId}|${key.region}|${key.typeName}|${key.token ?? ''}` },
      ));
    },
    get health() {
      return (health ??= createHealthLoader(readers.health));
    },
    get imagePages() {
      return imageBuilderLoaders().imagePages;
    },
    get images() {
      return imageBuilderLoaders().images;
    },
    get workflows() {
      return imageBuilderLoaders().workflows;
    },
    prime: (key, model) => {
      loaders.resources.clear(key).prime(key, model);
    },
    forget: (key) => {
      resources?.clear(key);
      // A configuration update changes a pipeline's health too (it resets consecutiveFailures).
      health?.clear({ accountId: key.accountId, region: key.region, arn: key.identifier });
    },
    forgetRuns: (pipeline, image) => {
      if (pipeline) health?.clear(pipeline);
      // Pages are keyed by filter and token too; a request rarely holds more than a few.
      imageBuilder?.imagePages.clearAll();
      if (image) imageBuilder?.images.clear(image);
    },
  };
  return loaders;
}
