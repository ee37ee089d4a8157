import type { ReadKey } from './read-cache';

/** What a write touches: one resource, or (a create not yet named) any of its type in the region. */
export interface WriteTarget {
  region: string;
  typeName: string;
  identifier: string | null;
}

/** An answer some replica kept: the value, and when it was read (ms since the epoch: replicas share it). */
export interface SharedEntry {
  value: unknown;
  storedAt: number;
}

export interface SharedLookup {
  /** A kept answer still within its TTL and staleness, if any. */
  entry?: SharedEntry;
  /**
   * What a newer answer must be stored against (the state of the writes that touch it when it
   * was looked up); undefined when the store cannot be used now, and the read goes on alone.
   */
  ticket?: string;
}

/** What another replica's call for the same read brought. */
export interface OtherAnswer extends SharedEntry {
  /** Whether it was kept; a read that is not kept (a resource that does not exist) is still shared with those waiting. */
  kept: boolean;
}

/**
 * The layer of shared reads beyond this process: the read cache's in-process layer (kept
 * answers, reads in flight, writes not yet seen to finish) stands in front of it. `memory` has
 * none; `redis` (src/redis/read-store.ts) shares kept answers, in-flight calls and the writes'
 * invalidations and marks among replicas. Nothing here throws or waits without bound: a store
 * that cannot be used answers as if it held nothing, and the read goes on as in one process.
 */
export interface ReadStore {
  /** False for `memory`: the read cache then runs exactly as it does in one process. */
  readonly shared: boolean;
  lookup(name: string, key: ReadKey): Promise<SharedLookup>;
  /** Takes the call for this read among replicas: true when this replica makes it. */
  claim(name: string, ticket: string): Promise<boolean>;
  /** The answer of the replica that claimed the call, once it is in; undefined when it failed or took too long (then read alone). */
  awaitOther(name: string, key: ReadKey, ticket: string): Promise<OtherAnswer | undefined>;
  /**
   * This replica's claimed call ended (undefined: it failed): keep the answer if `keep` and no
   * write touched it since the ticket, release the claim and tell the replicas waiting. Resolves
   * whether it was kept.
   */
  settle(name: string, key: ReadKey, ticket: string, outcome: { value: unknown; keep: boolean } | undefined): Promise<boolean>;
  /** Makes what a write touches stale for every replica (the read cache has already dropped it here). */
  invalidate(target: WriteTarget): Promise<void>;
  /** A write was sent: `invalidate`, and until it is seen to finish no replica keeps what it touches. */
  writeSent(target: WriteTarget, requestToken: string | undefined, finished: boolean): Promise<void>;
  /** A write request seen final: `invalidate` once among replicas; with `onlyIfUnfinished`, only for a write some replica is waiting on. */
  settleWrite(requestToken: string, target: WriteTarget, onlyIfUnfinished: boolean): Promise<void>;
  /** Told what other replicas' writes made stale, and `null` when every in-process copy must go (the store may have missed invalidations). */
  onStale(listener: (target: WriteTarget | null) => void): void;
}

/** No layer beyond the process: everything stays in-process, as with one replica. */
export const memoryReadStore: ReadStore = {
  shared: false,
  lookup: () => Promise.resolve({}),
  claim: () => Promise.resolve(true),
  awaitOther: () => Promise.resolve(undefined),
  settle: () => Promise.resolve(true),
  invalidate: () => Promise.resolve(),
  writeSent: () => Promise.resolve(),
  settleWrite: () => Promise.resolve(),
  onStale: () => undefined,
};
