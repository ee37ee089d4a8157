import { createHash, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { memoryReadStore, type ReadStore, type WriteTarget } from './read-store';

export type { WriteTarget } from './read-store';

/**
 * One upstream read, as seen by one AWS identity acting in one account: a Cloud Control
 * GetResource or ListResources page, an Image Builder pipeline's health or page of images.
 */
export interface ReadKey {
  /**
   * Whose read: a hash of the gateway's own access key id (see `identityOf`), never the key
   * itself, and the account the call acts in.
   */
  scope: string;
  region: string;
  /** The Cloud Control resource type the read is about. */
  typeName: string;
  /** What was read: `resource`, `list`, `health`, `images`… */
  kind: string;
  /** The resource the read is about (its identifier), or null for a list of the type in the region. */
  subject: string | null;
  /** Which page of a paged read: the service's token ('' for the first page and for unpaged reads). */
  page: string;
}

/**
 * How a read was answered, for /metrics: a call, a call already in flight, a fresh kept answer,
 * or an expired one while a newer one is being fetched; with replicas sharing through Redis, also
 * an answer another replica kept (`shared`) or another replica's call (`shared_in_flight`).
 */
export type ReadSource = 'upstream' | 'in_flight' | 'cache' | 'stale' | 'shared' | 'shared_in_flight';

export interface ReadCacheOptions {
  /** How long a result is served again without asking Cloud Control; 0 keeps nothing. */
  ttlMs: number;
  /**
   * How long past its TTL a result may still be served while the first read after expiry
   * fetches a newer one (0: expired means a miss). Under steady polling the cache then never
   * makes readers wait for a refresh.
   */
  staleMs: number;
  /** false: every read is its own load, nothing shared or kept (only the benchmark's naive baseline). */
  share: boolean;
  /** Bound on the results kept, in characters of their JSON, so memory stays flat whatever is read. */
  maxChars?: number;
  onRead?: (key: ReadKey, source: ReadSource) => void;
  /** The layer beyond this process (memory: none; redis: shared by replicas). */
  store?: ReadStore;
}

interface InFlight {
  key: ReadKey;
  promise: Promise<unknown>;
}

interface Kept {
  key: ReadKey;
  value: unknown;
  storedAt: number;
}

/** A load's value, and whether and as of when this process may keep it. */
interface Loaded<T> {
  value: T;
  /** False when the shared store refused it (a write touched it meanwhile). */
  keepLocally: boolean;
  /** performance.now() time of the read (earlier than now for an answer another replica kept). */
  storedAt: number;
}

/** What the shared store says of a read this process does not hold: its kept answer, or who calls. */
type Decision<T> =
  | { kind: 'found'; loaded: Loaded<T> }
  /** This replica calls; ticket undefined: the store cannot be used now, so it calls alone. */
  | { kind: 'call'; ticket: string | undefined }
  | { kind: 'wait'; ticket: string };

const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;
/** Enough to recognise a request polled again after its write finished, in any realistic window. */
const SETTLED_REQUESTS_KEPT = 10_000;
/** How long a write request seen final is remembered as settled among replicas (a finished request is still polled by dashboards). */
export const SETTLED_REQUEST_MS = 24 * 3600_000;
/**
 * How long a write not seen to finish keeps what it touches out of the cache. Image Builder's
 * handlers finish in seconds to minutes; past this, a write nobody followed stops costing reads.
 */
export const UNFINISHED_WRITE_MS = 15 * 60_000;

export const keyString = (key: ReadKey) => `${key.scope}\n${key.region}\n${key.typeName}\n${key.kind}\n${key.subject ?? ''}\n${key.page}`;

/**
 * Cross-request sharing of upstream reads, beneath the per-request loaders: dashboards that poll
 * the same query must not multiply upstream traffic, which is slow and throttled.
 *
 * - Identical reads in flight at the same time share one call (its failure too, and nothing more).
 * - With a TTL, a successful result is served again until it expires; not-found is never kept.
 *   The first read of an expired result (within `staleMs`) gets it one last time and starts the
 *   refresh, so readers do not all stall on it; a failed refresh drops the result.
 * - Every entry belongs to the identity and region that read it, so one identity never sees what
 *   only another may read.
 * - A write drops what it changes (`invalidate`), and a read that was in flight when it did so
 *   neither lands in the cache nor is joined by later readers.
 *
 * Results are shared between requests as they are: nothing above this layer modifies a model
 * (changes are computed on copies, see resource/patch.ts).
 *
 * With a shared store (replicas and Redis), this process's layer stays in front: a kept answer is
 * served from here without asking Redis. A read this process does not hold asks the store, which
 * answers with another replica's kept answer, or lets one replica call while the others wait for
 * its answer. Writes and their settling reach every replica through the store, and what other
 * replicas' writes made stale is dropped here as it would be for this process's own.
 */
export class ReadCache {
  private readonly inFlight = new Map<string, InFlight>();
  private readonly kept: LRUCache<string, Kept> | undefined;
  private readonly settled = new LRUCache<string, true>({ max: SETTLED_REQUESTS_KEPT });
  /** Writes sent and not yet seen to finish, by request token. */
  private readonly unfinished = new LRUCache<string, WriteTarget>({ max: SETTLED_REQUESTS_KEPT, ttl: UNFINISHED_WRITE_MS });
  private readonly identities = new LRUCache<string, string>({ max: 64 });
  private readonly store: ReadStore;

  constructor(private readonly options: ReadCacheOptions) {
    this.store = options.store ?? memoryReadStore;
    this.store.onStale((target) => (target ? this.drop(target.region, target.typeName, target.identifier) : this.kept?.clear()));
    this.kept =
      options.ttlMs > 0
        ? new LRUCache<string, Kept>({
            ttl: options.ttlMs + options.staleMs,
            // The clock read at each lookup. lru-cache's default (1 ms) keeps a reading for a
            // millisecond by starting a timer at each new one: 2–3 timers a warm request.
            ttlResolution: 0,
            maxSize: options.maxChars ?? DEFAULT_MAX_CHARS,
            sizeCalculation: (entry) => Math.max(1, JSON.stringify(entry.value).length),
          })
        : undefined;
  }

  /** A short, stable name for an access key id: enough to keep identities apart, useless to anyone who reads it. */
  identityOf(accessKeyId: string): string {
    let identity = this.identities.get(accessKeyId);
    if (identity === undefined) {
      identity = createHash('sha256').update(accessKeyId).digest('hex').slice(0, 16);
      this.identities.set(accessKeyId, identity);
    }
    return identity;
  }

  /** A kept result still within its TTL, without waiting: undefined when there is none. */
  peek<T>(key: ReadKey): T | undefined {
    const kept = this.kept?.get(keyString(key));
    if (!kept || performance.now() - kept.storedAt >= this.options.ttlMs) return undefined;
    this.options.onRead?.(key, 'cache');
    return kept.value as T;
  }

  /** The result of `load` for this key, or of an identical read in flight, or a kept one. */
  read<T>(key: ReadKey, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const name = keyString(key);
    const kept = this.kept?.get(name);
    if (kept) {
      const fresh = performance.now() - kept.storedAt < this.options.ttlMs;
      if (!fresh && !this.inFlight.has(name)) {
        // Nobody waits for this refresh; its failure is seen by the next read, which calls again.
        this.start(name, key, this.loader(name, key, load, keep, true), keep).catch(() => undefined);
      }
      this.options.onRead?.(key, fresh ? 'cache' : 'stale');
      return Promise.resolve(kept.value as T);
    }
    const pending = this.options.share ? this.inFlight.get(name) : undefined;
    if (pending) {
      this.options.onRead?.(key, 'in_flight');
      return pending.promise as Promise<T>;
    }
    if (!this.options.share) {
      this.options.onRead?.(key, 'upstream');
      return load();
    }
    return this.start(name, key, this.loader(name, key, load, keep, false), keep);
  }

  /** How one read is loaded: a call, or (with a shared store) whatever the store says. Counts its source. */
  private loader<T>(name: string, key: ReadKey, load: () => Promise<T>, keep: (value: T) => boolean, refresh: boolean): () => Promise<Loaded<T>> {
    if (!this.store.shared) {
      if (!refresh) this.options.onRead?.(key, 'upstream');
      return () => load().then((value) => ({ value, keepLocally: true, storedAt: performance.now() }));
    }
    return async () => {
      const decision = await this.decide<T>(name, key, refresh);
      if (decision.kind === 'found' && performance.now() - decision.loaded.storedAt >= this.options.ttlMs) {
        // An expired answer kept by a replica: served this once while one refresh is fetched,
        // started once this read has settled (kept here, expired).
        setImmediate(() => {
          if (!this.inFlight.has(name)) this.start(name, key, this.loader(name, key, load, keep, true), keep).catch(() => undefined);
        });
      }
      return this.complete(decision, name, key, load, keep, load, refresh);
    };
  }

  /**
   * Asks the shared store about a read this process does not hold (or holds expired, `refresh`):
   * its kept answer (an expired one too, unless refreshing), or whether this replica calls.
   */
  private async decide<T>(name: string, key: ReadKey, refresh: boolean): Promise<Decision<T>> {
    const found = await this.store.lookup(name, key);
    if (found.entry) {
      const fresh = Date.now() - found.entry.storedAt < this.options.ttlMs;
      if (fresh || !refresh) {
        // A refresh was counted when its reader was served the expired answer.
        if (!refresh) this.options.onRead?.(key, fresh ? 'shared' : 'stale');
        const storedAt = performance.now() - (Date.now() - found.entry.storedAt);
        return { kind: 'found', loaded: { value: found.entry.value as T, keepLocally: true, storedAt } };
      }
    }
    if (found.ticket === undefined || (await this.store.claim(name, found.ticket))) {
      if (!refresh) this.options.onRead?.(key, 'upstream');
      return { kind: 'call', ticket: found.ticket };
    }
    return { kind: 'wait', ticket: found.ticket };
  }

  /**
   * Carries out a decision: the kept answer, this replica's call (`load`, whose answer the store
   * keeps and hands to the replicas waiting), or another replica's answer, and `alone` (a call of
   * this key only) when that one failed or took too long.
   */
  private async complete<T>(
    decision: Decision<T>,
    name: string,
    key: ReadKey,
    load: () => Promise<T>,
    keep: (value: T) => boolean,
    alone: () => Promise<T>,
    refresh: boolean,
  ): Promise<Loaded<T>> {
    if (decision.kind === 'found') return decision.loaded;
    if (decision.kind === 'wait') {
      const other = await this.store.awaitOther(name, key, decision.ticket);
      if (other) {
        if (!refresh) this.options.onRead?.(key, 'shared_in_flight');
        return { value: other.value as T, keepLocally: other.kept, storedAt: performance.now() - (Date.now() - other.storedAt) };
      }
      if (!refresh) this.options.onRead?.(key, 'upstream');
      return { value: await alone(), keepLocally: true, storedAt: performance.now() };
    }
    const { ticket } = decision;
    let value: T;
    try {
      value = await load();
    } catch (error) {
      if (ticket !== undefined) void this.store.settle(name, key, ticket, undefined);
      throw error;
    }
    const kept = ticket === undefined || (await this.store.settle(name, key, ticket, { value, keep: this.kept !== undefined && keep(value) }));
    return { value, keepLocally: kept, storedAt: performance.now() };
  }

  /**
   * Several reads that one upstream call can answer together (Image Builder lists up to ten
   * pipelines by name at once): each key is answered as `read` would answer it (kept, or joined
   * to an identical read in flight), and the rest are loaded by one `loadMany` call, which
   * answers them in order; each then joins the in-flight reads, so a later identical read shares
   * it. An expired kept answer is served while one batch refreshes all such keys.
   */
  readMany<T>(keys: readonly ReadKey[], loadMany: (keys: ReadKey[]) => Promise<T[]>, keep: (value: T) => boolean): Promise<T>[] {
    const results: Promise<T>[] = [];
    const missing: { index: number; key: ReadKey; name: string }[] = [];
    const expired: { key: ReadKey; name: string }[] = [];
    keys.forEach((key, index) => {
      const name = keyString(key);
      const kept = this.kept?.get(name);
      if (kept) {
        const fresh = performance.now() - kept.storedAt < this.options.ttlMs;
        if (!fresh && !this.inFlight.has(name)) expired.push({ key, name });
        this.options.onRead?.(key, fresh ? 'cache' : 'stale');
        results[index] = Promise.resolve(kept.value as T);
        return;
      }
      const pending = this.options.share ? this.inFlight.get(name) : undefined;
      if (pending) {
        this.options.onRead?.(key, 'in_flight');
        results[index] = pending.promise as Promise<T>;
        return;
      }
      // With a shared store, the store's answer says what answered it (decide).
      if (!this.store.shared) this.options.onRead?.(key, 'upstream');
      missing.push({ index, key, name });
    });
    const batch = (entries: { key: ReadKey; name: string }[], refresh: boolean) => {
      if (!this.options.share) {
        const loaded = loadMany(entries.map((entry) => entry.key));
        return entries.map((_, position) => loaded.then((values) => values[position] as T));
      }
      return this.loadersMany(entries, loadMany, keep, refresh).map((loader, position) => this.start(entries[position]!.name, entries[position]!.key, loader, keep));
    };
    if (missing.length > 0) batch(missing, false).forEach((promise, position) => (results[missing[position]!.index] = promise));
    // Nobody waits for this refresh; a failure is seen by the next read of each key, which calls again.
    if (expired.length > 0) for (const promise of batch(expired, true)) promise.catch(() => undefined);
    return results;
  }

  /**
   * `loader` for a batch: one `loadMany` call answers every key this replica calls for. With a
   * shared store, the keys it already holds or another replica is calling for are answered by
   * the store, and the batch holds only the rest.
   */
  private loadersMany<T>(
    entries: { key: ReadKey; name: string }[],
    loadMany: (keys: ReadKey[]) => Promise<T[]>,
    keep: (value: T) => boolean,
    refresh: boolean,
  ): (() => Promise<Loaded<T>>)[] {
    if (!this.store.shared) {
      const loaded = loadMany(entries.map((entry) => entry.key));
      return entries.map((_, position) => () => loaded.then((values) => ({ value: values[position] as T, keepLocally: true, storedAt: performance.now() })));
    }
    const decided = Promise.all(entries.map((entry) => this.decide<T>(entry.name, entry.key, refresh))).then((decisions) => {
      const calling = decisions.flatMap((decision, position) => (decision.kind === 'call' ? [position] : []));
      const values = calling.length > 0 ? loadMany(calling.map((position) => entries[position]!.key)) : Promise.resolve([]);
      // Each key sees the batch's failure through its own promise.
      values.catch(() => undefined);
      return { decisions, calling, values };
    });
    return entries.map((entry, position) => async () => {
      const { decisions, calling, values } = await decided;
      const load = () => values.then((all) => all[calling.indexOf(position)] as T);
      const alone = () => loadMany([entry.key]).then((all) => all[0] as T);
      return this.complete(decisions[position]!, entry.name, entry.key, load, keep, alone, refresh);
    });
  }

  /** A call others may join until it ends, whose result is kept if still current then. */
  private start<T>(name: string, key: ReadKey, load: () => Promise<Loaded<T>>, keep: (value: T) => boolean): Promise<T> {
    const loaded = load();
    const entry: InFlight = { key, promise: loaded.then((result) => result.value) };
    this.inFlight.set(name, entry);
    // Only a read still current when it ends is kept: an invalidation while it was in flight
    // removed it from `inFlight`, and what it brings back may predate the write.
    const settle = (result: Loaded<T> | undefined) => {
      if (this.inFlight.get(name) !== entry) return;
      this.inFlight.delete(name);
      if (!this.kept) return;
      if (result && result.keepLocally && keep(result.value) && !this.touchedByUnfinishedWrite(key)) {
        // An answer another replica kept is as old as its read, and lives no longer here than there.
        const remaining = this.options.ttlMs + this.options.staleMs - (performance.now() - result.storedAt);
        if (remaining > 0) this.kept.set(name, { key, value: result.value, storedAt: result.storedAt }, { ttl: Math.ceil(remaining) });
        else this.kept.delete(name);
      } else this.kept.delete(name);
    };
    loaded.then(settle, () => settle(undefined));
    return entry.promise as Promise<T>;
  }

  /**
   * Drops, for every identity, what a write to this resource made stale: every read about it (its
   * model, its health, its images) and every list of its type in its region (a create or delete
   * changes what lists). `identifier` is null for a create whose identifier is not known yet.
   * With replicas, every replica drops it: the promise settles once they have been told (it
   * never rejects).
   */
  invalidate(region: string, typeName: string, identifier: string | null): Promise<void> {
    this.drop(region, typeName, identifier);
    return this.store.invalidate({ region, typeName, identifier });
  }

  /** `invalidate`, in this process only. */
  private drop(region: string, typeName: string, identifier: string | null): void {
    const stale = (key: ReadKey) =>
      key.region === region && key.typeName === typeName && (key.subject === null || key.subject === identifier);
    for (const [name, entry] of this.inFlight) if (stale(entry.key)) this.inFlight.delete(name);
    if (!this.kept) return;
    for (const [name, entry] of this.kept.entries()) if (stale(entry.key)) this.kept.delete(name);
  }

  private touchedByUnfinishedWrite(key: ReadKey): boolean {
    if (this.unfinished.size === 0) return false;
    for (const write of this.unfinished.values()) {
      if (write.region !== key.region || write.typeName !== key.typeName) continue;
      if (key.subject === null || write.identifier === null || write.identifier === key.subject) return true;
    }
    return false;
  }

  /**
   * A write was sent: what it targets is dropped now. Until it is seen to finish, no read of what
   * it touches is kept either, since the service may apply it any moment and a read made meanwhile
   * would then be served old for a TTL. `requestToken` is undefined when the answer was lost.
   */
  writeSent(target: WriteTarget, requestToken: string | undefined, finished: boolean): Promise<void> {
    this.drop(target.region, target.typeName, target.identifier);
    if (finished && requestToken) {
      // A retry can be answered with a request that finished since it was first sent.
      this.unfinished.delete(requestToken);
      this.settled.set(requestToken, true);
    } else this.unfinished.set(requestToken ?? `lost:${randomUUID()}`, target);
    return this.store.writeSent(target, requestToken, finished);
  }

  /** A request seen final in a listing: settles it only if it is a write this gateway (any replica) is waiting on. */
  seenFinal(requestToken: string, region: string, typeName: string, identifier: string | null): Promise<void> {
    if (this.unfinished.has(requestToken)) return this.invalidateOnSettle(requestToken, region, typeName, identifier);
    return this.store.settleWrite(requestToken, { region, typeName, identifier }, true);
  }

  /**
   * `invalidate` once per write request, when its final status is first seen: the write has
   * changed the resource only then, and a dashboard that keeps polling a finished request must
   * not keep emptying the cache.
   */
  invalidateOnSettle(requestToken: string, region: string, typeName: string, identifier: string | null): Promise<void> {
    this.unfinished.delete(requestToken);
    if (this.settled.has(requestToken)) return Promise.resolve();
    this.settled.set(requestToken, true);
    this.drop(region, typeName, identifier);
    return this.store.settleWrite(requestToken, { region, typeName, identifier }, false);
  }
}
