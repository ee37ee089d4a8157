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

/**
 * Batches every key asked for in one tick of execution, deduplicates them, and reads them
 * concurrently, no more than `concurrency` at a time for the whole request (so one query cannot
 * open hundreds of upstream calls at once). A key that fails rejects only its own load.
 */
export function createResourceLoader(
  read: ResourceReader,
  concurrency: number,
  peek?: ResourcePeek,
): DataLoader<ResourceKey, ResourceModel | null, string> {
  // Made at the first batch: a request its cache answers never needs one.
  let limit: ReturnType<typeof pLimit> | undefined;
  const batch = (keys: readonly ResourceKey[]) => {
    limit ??= pLimit(concurrency);
    return Promise.all(keys.map((key) => limit!(() => read(key)).catch((error: unknown) => toError(error))));
  };
  return peek ? new PeekingLoader(batch, peek) : new DataLoader(batch, { cacheKeyFn: resourceCacheKey });
}

/**
 * A key the shared cache already holds is primed rather than batched: no dispatch, no limiter,
 * no promise chain for a warm read. Priming never replaces what the request already loaded, so
 * every field of one request still sees the same model.
 *
 * Only a key this request does not hold yet is peeked: a peek that finds a model is a read the
 * cache served (counted in upstream_reads_total), and a request needs each pipeline once, however
 * many of its fields ask for it.
 */
class PeekingLoader extends DataLoader<ResourceKey, ResourceModel | null, string> {
  private readonly held: Map<string, Promise<ResourceModel | null>>;

  constructor(
    batch: DataLoader.BatchLoadFn<ResourceKey, ResourceModel | null>,
    private readonly peek: ResourcePeek,
  ) {
    // The loader's own cache, kept where `load` can ask it whether a key is held.
    const held = new Map<string, Promise<ResourceModel | null>>();
    super(batch, { cacheKeyFn: resourceCacheKey, cacheMap: held });
    this.held = held;
  }

  override load(key: ResourceKey): Promise<ResourceModel | null> {
    if (!this.held.has(resourceCacheKey(key))) {
      const known = this.peek(key);
      if (known !== undefined) this.prime(key, known);
    }
    return super.load(key);
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
