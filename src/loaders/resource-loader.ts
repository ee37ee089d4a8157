import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { ResourceModel } from '../resources/registry-schema';

/** Cloud Control identifies a resource by account, region, type and primary identifier. */
export interface ResourceKey {
  accountId: string;
  region: string;
  typeName: string;
  identifier: string;
}

export type ResourceReader = (key: ResourceKey) => Promise<ResourceModel | null>;
/** A model already at hand beneath the loader (the shared read cache), without waiting; undefined if none. */
export type ResourcePeek = (key: ResourceKey) => ResourceModel | undefined;

const resourceCacheKey = (key: ResourceKey) => `${key.accountId}|${key.region}|${key.typeName}|${key.identifier}`;

/** The request's resource loader: a DataLoader, and what it can answer without waiting. */
export interface ResourceLoader extends DataLoader<ResourceKey, ResourceModel | null, string> {
  /**
   * The model at once when this request already has it (primed by a peek or a listed row) or the
   * shared cache holds it (a peek, counted as a read the cache served); undefined when only a
   * read can tell, or the request's read of it is still on its way (then `load`).
   */
  loadNow(key: ResourceKey): ResourceModel | null | undefined;
}

/**
 * Batches every key asked for in one tick of execution, deduplicates them, and reads them
 * concurrently, no more than `concurrency` at a time for the whole request (so one query cannot
 * open hundreds of upstream calls at once). A key that fails rejects only its own load.
 */
export function createResourceLoader(read: ResourceReader, concurrency: number, peek?: ResourcePeek): ResourceLoader {
  // Made at the first batch: a request its cache answers never needs one.
  let limit: ReturnType<typeof pLimit> | undefined;
  const batch = (keys: readonly ResourceKey[]) => {
    limit ??= pLimit(concurrency);
    return Promise.all(keys.map((key) => limit!(() => read(key)).catch((error: unknown) => toError(error))));
  };
  return new PeekingLoader(batch, peek);
}

/**
 * A key the shared cache already holds is primed rather than batched: no dispatch, no limiter,
 * no promise chain for a warm read, and `loadNow` hands its model over without a promise at all,
 * so a query the cache answers executes synchronously. Priming never replaces what the request
 * already loaded, so every field of one request still sees the same model.
 *
 * Only a key this request does not hold yet is peeked: a peek that finds a model is a read the
 * cache served (counted in upstream_reads_total), and a request needs each pipeline once, however
 * many of its fields ask for it.
 */
class PeekingLoader extends DataLoader<ResourceKey, ResourceModel | null, string> implements ResourceLoader {
  private readonly held: Map<string, Promise<ResourceModel | null>>;
  /** The models among `held` known without waiting (primed), by cache key. */
  private readonly settled = new Map<string, ResourceModel | null>();

  constructor(
    batch: DataLoader.BatchLoadFn<ResourceKey, ResourceModel | null>,
    private readonly peek: ResourcePeek | undefined,
  ) {
    // The loader's own cache, kept where `load` can ask it whether a key is held.
    const held = new Map<string, Promise<ResourceModel | null>>();
    super(batch, { cacheKeyFn: resourceCacheKey, cacheMap: held });
    this.held = held;
  }

  loadNow(key: ResourceKey): ResourceModel | null | undefined {
    const cacheKey = resourceCacheKey(key);
    if (this.held.has(cacheKey)) return this.settled.get(cacheKey);
    const known = this.peek?.(key);
    if (known !== undefined) this.prime(key, known);
    return known;
  }

  override load(key: ResourceKey): Promise<ResourceModel | null> {
    this.loadNow(key);
    return super.load(key);
  }

  override prime(key: ResourceKey, value: ResourceModel | null | PromiseLike<ResourceModel | null> | Error): this {
    const cacheKey = resourceCacheKey(key);
    // DataLoader keeps what it holds; so does `settled`.
    if (!this.held.has(cacheKey) && (value === null || (typeof value === 'object' && !(value instanceof Error) && !('then' in value)))) {
      this.settled.set(cacheKey, value as ResourceModel | null);
    }
    return super.prime(key, value);
  }

  override clear(key: ResourceKey): this {
    this.settled.delete(resourceCacheKey(key));
    return super.clear(key);
  }

  override clearAll(): this {
    this.settled.clear();
    return super.clearAll();
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
