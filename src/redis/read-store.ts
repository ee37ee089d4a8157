import { createHash, randomUUID } from 'node:crypto';
import type { Result } from 'ioredis';
import type { ReadKey } from '../upstream/read-cache';
import { SETTLED_REQUEST_MS, UNFINISHED_WRITE_MS } from '../upstream/read-cache';
import type { OtherAnswer, ReadStore, SharedLookup, WriteTarget } from '../upstream/read-store';
import { codec } from './codec';
import type { RedisLink } from './link';

export interface RedisReadStoreOptions {
  ttlMs: number;
  staleMs: number;
  /** How long one replica's call for a read may take before the others stop waiting and call themselves. */
  callMs: number;
}

/** A kept answer as stored: when it was read, the generation of the writes it was read under, the value. */
interface Stored {
  t: number;
  g: string;
  v: unknown;
}

/**
 * Keeps an answer, if no write touched it since it was looked up (its generation key still holds
 * the ticket) and no write not yet seen to finish touches it (the region and type's marks, each
 * `requestToken\nidentifier`, '' for a create not yet named); then releases the claim if it is
 * still this replica's, and tells the replicas waiting ('!' for a failed call, else 1 or 0 for
 * kept, then the stored answer).
 * KEYS: value, generation, claim, marks. ARGV: stored ('' failed), keep, ticket, PX, now, subject ('' for a list), replica, channel.
 */
const KEEP = `
local kept = 0
if ARGV[1] ~= '' and ARGV[2] == '1' and (redis.call('GET', KEYS[2]) or '') == ARGV[3] then
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', ARGV[5])
  local touched = false
  for _, member in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
    local identifier = string.match(member, '\\n(.*)$') or ''
    if ARGV[6] == '' or identifier == '' or identifier == ARGV[6] then touched = true break end
  end
  if not touched then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
    kept = 1
  end
end
if redis.call('GET', KEYS[3]) == ARGV[7] then redis.call('DEL', KEYS[3]) end
if ARGV[1] == '' then redis.call('PUBLISH', ARGV[8], '!') else redis.call('PUBLISH', ARGV[8], kept .. ARGV[1]) end
return kept
`;

/**
 * A write request seen final: drops its marks; with ARGV[2] = '1', goes on only if there were
 * some (a write some replica is waiting on). The first replica to settle it (SET NX) makes what
 * it touched stale for all, when ARGV[8] = '1'.
 * KEYS: settled, marks, generation of the resource, generation of its lists.
 * ARGV: request token, only if unfinished, new generation, generation PX, settled PX, channel, message, invalidate.
 */
const SETTLE_WRITE = `
local found = false
local prefix = ARGV[1] .. '\\n'
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  if string.sub(member, 1, #prefix) == prefix then
    redis.call('ZREM', KEYS[2], member)
    found = true
  end
end
if ARGV[2] == '1' and not found then return 0 end
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[5]) then return 0 end
if ARGV[8] == '1' then
  redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
  redis.call('SET', KEYS[4], ARGV[3], 'PX', ARGV[4])
  redis.call('PUBLISH', ARGV[6], ARGV[7])
end
return 1
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    ipgKeep(...args: string[]): Result<number, Context>;
    ipgSettleWrite(...args: string[]): Result<number, Context>;
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 27);
/** A list read's generation is its type's in the region; a subject cannot be empty, so '' names it. */
const LISTS = '';

/**
 * The read cache's layer shared by replicas, in Redis. Every key is under REDIS_KEY_PREFIX and
 * expires; names are digests of the read key (which holds the identity's hash and the account,
 * never a credential). Keys (after the prefix):
 *
 * - `read:<digest>`: a kept answer (its read time, generation and value), for TTL + staleness.
 * - `gen:<digest of region, type, subject>`: the generation of the writes that touched a resource
 *   (or, subject '', the lists of its type in its region): a write sets a new random one, so every
 *   answer kept under the old one is stale at once for every identity, without finding them.
 *   It outlives every answer kept under the one before (TTL + staleness, and a second).
 * - `writes:<digest of region, type>`: the writes sent and not yet seen to finish (sorted by when
 *   they lapse, 15 minutes), `requestToken\nidentifier`: while one touches a read, it is not kept.
 * - `settled:<digest of request token>`: a write request some replica saw final (24 hours), so
 *   only the first replica to see it invalidates.
 * - `claim:<digest>`: the replica making the call for a read (for as long as a call may take);
 *   the others wait for `done:<digest>`, a channel the answer is published on.
 *
 * Invalidations are published on `invalidate` too, so every replica drops its in-process copies.
 */
export class RedisReadStore implements ReadStore {
  readonly shared = true;
  private readonly listeners = new Set<(target: WriteTarget | null) => void>();
  private readonly generationMs: number;
  private readonly keptMs: number;

  constructor(
    private readonly link: RedisLink,
    private readonly options: RedisReadStoreOptions,
  ) {
    this.keptMs = Math.max(1, options.ttlMs + options.staleMs);
    this.generationMs = this.keptMs + 1000;
    link.commands.defineCommand('ipgKeep', { numberOfKeys: 4, lua: KEEP });
    link.commands.defineCommand('ipgSettleWrite', { numberOfKeys: 4, lua: SETTLE_WRITE });
    link.listen(this.invalidations, (message) => {
      const { o: origin, r: region, t: typeName, i: identifier } = JSON.parse(message) as { o: string; r: string; t: string; i: string | null };
      if (origin === link.replicaId) return;
      for (const listener of this.listeners) listener({ region, typeName, identifier });
    });
    // While Redis was away, other replicas' writes may have gone unheard.
    link.onReturn(() => {
      for (const listener of this.listeners) listener(null);
    });
  }

  onStale(listener: (target: WriteTarget | null) => void): void {
    this.listeners.add(listener);
  }

  async lookup(name: string, key: ReadKey): Promise<SharedLookup> {
    if (!this.link.up) return {};
    const id = digest(name);
    try {
      const [stored = null, generation] = await this.link.commands.mget(this.link.key('read', id), this.generationKey(key.region, key.typeName, key.subject ?? LISTS));
      const ticket = generation ?? '';
      const entry = this.valid(stored, ticket);
      return entry ? { entry, ticket } : { ticket };
    } catch (error) {
      return this.link.failed(error) ?? {};
    }
  }

  async claim(name: string, _ticket: string): Promise<boolean> {
    if (!this.link.up) return true;
    try {
      return (await this.link.commands.set(this.link.key('claim', digest(name)), this.link.replicaId, 'PX', this.options.callMs, 'NX')) === 'OK';
    } catch (error) {
      this.link.failed(error);
      return true;
    }
  }

  awaitOther(name: string, key: ReadKey, ticket: string): Promise<OtherAnswer | undefined> {
    if (!this.link.up) return Promise.resolve(undefined);
    const id = digest(name);
    return new Promise((resolve) => {
      let done = false;
      let unsubscribe: (() => void) | undefined;
      const finish = (answer: OtherAnswer | undefined) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        unsubscribe?.();
        resolve(answer);
      };
      const timer = setTimeout(() => finish(undefined), this.options.callMs);
      void (async () => {
        try {
          unsubscribe = await this.link.subscribe(this.link.key('done', id), (message) => finish(this.answerOf(message)));
          if (done) return unsubscribe();
          // The call may have ended before the subscription: then its answer is kept, or its claim is gone.
          const [stored = null, generation, claimant] = await this.link.commands.mget(
            this.link.key('read', id),
            this.generationKey(key.region, key.typeName, key.subject ?? LISTS),
            this.link.key('claim', id),
          );
          const entry = this.valid(stored, generation ?? '');
          if (entry) finish({ ...entry, kept: true });
          else if (claimant === null || (generation ?? '') !== ticket) finish(undefined);
        } catch (error) {
          this.link.failed(error);
          finish(undefined);
        }
      })();
    });
  }

  async settle(name: string, key: ReadKey, ticket: string, outcome: { value: unknown; keep: boolean } | undefined): Promise<boolean> {
    if (!this.link.up) return false;
    const id = digest(name);
    const stored = outcome ? codec.stringify({ t: Date.now(), g: ticket, v: outcome.value } satisfies Stored) : '';
    try {
      const kept = await this.link.commands.ipgKeep(
        this.link.key('read', id),
        this.generationKey(key.region, key.typeName, key.subject ?? LISTS),
        this.link.key('claim', id),
        this.marksKey(key.region, key.typeName),
        stored,
        outcome?.keep ? '1' : '0',
        ticket,
        String(this.keptMs),
        String(Date.now()),
        key.subject ?? '',
        this.link.replicaId,
        this.link.key('done', id),
      );
      return kept === 1;
    } catch (error) {
      return this.link.failed(error) ?? false;
    }
  }

  async invalidate(target: WriteTarget): Promise<void> {
    if (!this.link.up) return;
    try {
      await this.invalidation(target).exec();
    } catch (error) {
      this.link.failed(error);
    }
  }

  async writeSent(target: WriteTarget, requestToken: string | undefined, finished: boolean): Promise<void> {
    if (!this.link.up) return;
    const batch = this.invalidation(target);
    const marks = this.marksKey(target.region, target.typeName);
    try {
      if (finished && requestToken) {
        await Promise.all([batch.exec(), this.settleWrite(requestToken, target, false, false)]);
        return;
      }
      const mark = `${requestToken ?? `lost:${randomUUID()}`}\n${target.identifier ?? ''}`;
      await batch.zadd(marks, Date.now() + UNFINISHED_WRITE_MS, mark).pexpire(marks, UNFINISHED_WRITE_MS).exec();
    } catch (error) {
      this.link.failed(error);
    }
  }

  async settleWrite(requestToken: string, target: WriteTarget, onlyIfUnfinished: boolean, invalidate = true): Promise<void> {
    if (!this.link.up) return;
    try {
      await this.link.commands.ipgSettleWrite(
        this.link.key('settled', digest(requestToken)),
        this.marksKey(target.region, target.typeName),
        this.generationKey(target.region, target.typeName, target.identifier ?? LISTS),
        this.generationKey(target.region, target.typeName, LISTS),
        requestToken,
        onlyIfUnfinished ? '1' : '0',
        randomUUID(),
        String(this.generationMs),
        String(SETTLED_REQUEST_MS),
        this.invalidations,
        this.message(target),
        invalidate ? '1' : '0',
      );
    } catch (error) {
      this.link.failed(error);
    }
  }

  /** New generations for what a write touches, and the message that makes every replica drop its copies. */
  private invalidation(target: WriteTarget) {
    const generation = randomUUID();
    const batch = this.link.commands.multi();
    if (target.identifier !== null) batch.set(this.generationKey(target.region, target.typeName, target.identifier), generation, 'PX', this.generationMs);
    batch.set(this.generationKey(target.region, target.typeName, LISTS), generation, 'PX', this.generationMs);
    return batch.publish(this.invalidations, this.message(target));
  }

  private message(target: WriteTarget): string {
    return JSON.stringify({ o: this.link.replicaId, r: target.region, t: target.typeName, i: target.identifier });
  }

  private get invalidations(): string {
    return this.link.key('invalidate');
  }

  private generationKey(region: string, typeName: string, subject: string): string {
    return this.link.key('gen', digest(`${region}\n${typeName}\n${subject}`));
  }

  private marksKey(region: string, typeName: string): string {
    return this.link.key('writes', digest(`${region}\n${typeName}`));
  }

  /** A stored answer, if it was kept under the generation that holds now. */
  private valid(stored: string | null, generation: string): { value: unknown; storedAt: number } | undefined {
    if (stored === null) return undefined;
    const parsed = codec.parse(stored) as Stored;
    return parsed.g === generation ? { value: parsed.v, storedAt: parsed.t } : undefined;
  }

  private answerOf(message: string): OtherAnswer | undefined {
    if (message === '!') return undefined;
    const parsed = codec.parse(message.slice(1)) as Stored;
    return { value: parsed.v, storedAt: parsed.t, kept: message[0] === '1' };
  }
}
