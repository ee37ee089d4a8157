import DataLoader from 'dataloader';
import type { ResourceModel } from '../resources/registry-schema';
import type { ListedResource, Page } from '../upstream/cloudcontrol/cloud-control';
import type { PipelineHealth } from '../upstream/imagebuilder/shapes';
import { createHealthLoader, type HealthKey, type HealthReader } from './health-loader';
import { type ArnKey, createImageBuilderLoaders, type ImageBuilderLoaders, type ImageBuilderReaders } from './image-builder-loaders';
import { createResourceLoader, type ResourceKey, type ResourceLoader, type ResourcePeek, type ResourceReader } from './resource-loader';

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
  resources: ResourceLoader;
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
  return new RequestLoaders(readers, options);
}

/**
 * A class, not an object literal with getters: V8 builds such a literal through its slow path at
 * every call (a dictionary-mode object, a closure per accessor), and with one made per request
 * it cost about 100 µs of CPU a request on the warm path, and 80 MB of peak RSS under load.
 */
class RequestLoaders implements Loaders {
  private resourceLoader: Loaders['resources'] | undefined;
  private listPageLoader: Loaders['listPages'] | undefined;
  private healthLoader: Loaders['health'] | undefined;
  private imageBuilderLoaders: ImageBuilderLoaders | undefined;

  constructor(
    private readonly readers: LoaderReaders,
    private readonly options: LoaderOptions,
  ) {}

  get resources(): Loaders['resources'] {
    return (this.resourceLoader ??= createResourceLoader(this.readers.resource, this.options.concurrency, this.options.peek));
  }

  get listPages(): Loaders['listPages'] {
    return (this.listPageLoader ??= new DataLoader<ListPageKey, Page<ListedResource>, string>(
      (keys) => Promise.all(keys.map((key) => this.readers.listPage(key).catch((error: unknown) => error as Error))),
      { cacheKeyFn: (key) => `${key.accountId}|${key.region}|${key.typeName}|${key.token ?? ''}` },
    ));
  }

  get health(): Loaders['health'] {
    return (this.healthLoader ??= createHealthLoader(this.readers.health));
  }

  get imagePages(): ImageBuilderLoaders['imagePages'] {
    return this.imageBuilder().imagePages;
  }

  get images(): ImageBuilderLoaders['images'] {
    return this.imageBuilder().images;
  }

  get workflows(): ImageBuilderLoaders['workflows'] {
    return this.imageBuilder().workflows;
  }

  prime(key: ResourceKey, model: ResourceModel): void {
    this.resources.clear(key).prime(key, model);
  }

  forget(key: ResourceKey): void {
    this.resourceLoader?.clear(key);
    // A configuration update changes a pipeline's health too (it resets consecutiveFailures).
    this.healthLoader?.clear({ accountId: key.accountId, region: key.region, arn: key.identifier });
  }

  forgetRuns(pipeline: HealthKey | null, image?: ArnKey): void {
    if (pipeline) this.healthLoader?.clear(pipeline);
    // Pages are keyed by filter and token too; a request rarely holds more than a few.
    this.imageBuilderLoaders?.imagePages.clearAll();
    if (image) this.imageBuilderLoaders?.images.clear(image);
  }

  private imageBuilder(): ImageBuilderLoaders {
    return (this.imageBuilderLoaders ??= createImageBuilderLoaders(this.readers.imageBuilder, this.options.concurrency));
  }
}
