import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { codec } from '../src/redis/codec';
import { Windows } from '../src/redis/pace';
import { ReadCache, type ReadKey } from '../src/upstream/read-cache';
import { until } from './support/until';
import { memoryReadStore, type ReadStore, type WriteTarget } from '../src/upstream/read-store';

/** The Redis-independent parts of sharing among replicas; test/system/replicas.test.ts runs them against Redis. */
const key = (subject: string | null = 'arn:p'): ReadKey => ({ scope: 's', region: 'us-east-1', typeName: 'T', kind: subject ? 'resource' : 'list', subject, page: '' });

/** A store another replica shares: what it was told, and answers the test sets. */
function fakeStore(overrides: Partial<ReadStore> = {}) {
  const listeners: ((target: WriteTarget | null) => void)[] = [];
  const store: ReadStore = { ...memoryReadStore, shared: true, lookup: () => Promise.resolve({ ticket: 'g0' }), onStale: (listener) => void listeners.push(listener), ...overrides };
  return { store, tell: (target: WriteTarget | null) => listeners.forEach((listener) => listener(target)) };
}

describe('the read cache over a shared store', () => {
  it('serves an answer another replica kept without a call, and keeps it in front', async () => {
    const lookup = jest.fn(() => Promise.resolve({ entry: { value: { v: 'kept' }, storedAt: Date.now() }, ticket: 'g0' }));
    const { store } = fakeStore({ lookup });
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const load = jest.fn(() => Promise.resolve({ v: 'called' }));
    expect(await cache.read(key(), load, () => true)).toEqual({ v: 'kept' });
    expect(await cache.read(key(), load, () => true)).toEqual({ v: 'kept' });
    expect(load).not.toHaveBeenCalled();
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing in front that the store refused to keep (a write touched it meanwhile)', async () => {
    const { store } = fakeStore({ settle: () => Promise.resolve(false) });
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const load = jest.fn(() => Promise.resolve({ v: 1 }));
    await cache.read(key(), load, () => true);
    await cache.read(key(), load, () => true);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops what another replica\'s write made stale, and everything when the store may have missed invalidations', async () => {
    const { store, tell } = fakeStore();
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const load = jest.fn(() => Promise.resolve({ v: 1 }));
    await cache.read(key('arn:p'), load, () => true);
    await cache.read(key('arn:q'), load, () => true);
    tell({ region: 'us-east-1', typeName: 'T', identifier: 'arn:p' });
    expect(cache.peek(key('arn:p'))).toBeUndefined();
    expect(cache.peek(key('arn:q'))).toEqual({ v: 1 });
    tell(null);
    expect(cache.peek(key('arn:q'))).toBeUndefined();
  });

  it('answers with another replica\'s call when it did not get the claim', async () => {
    const { store } = fakeStore({
      claim: () => Promise.resolve(false),
      awaitOther: () => Promise.resolve({ value: { v: 'theirs' }, storedAt: Date.now(), kept: true }),
    });
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const load = jest.fn(() => Promise.resolve({ v: 'mine' }));
    expect(await cache.read(key(), load, () => true)).toEqual({ v: 'theirs' });
    expect(load).not.toHaveBeenCalled();
  });
});

describe('batched reads over a shared store (Image Builder health, ten pipelines a call)', () => {
  it('calls only for the keys this replica claimed, in one batch, and answers the rest from the store', async () => {
    const { store } = fakeStore({
      lookup: (_name, read) => Promise.resolve(read.subject === 'arn:kept' ? { entry: { value: 'kept', storedAt: Date.now() }, ticket: 'g0' } : { ticket: 'g0' }),
      claim: (name) => Promise.resolve(!name.includes('arn:theirs')),
      awaitOther: () => Promise.resolve({ value: 'theirs', storedAt: Date.now(), kept: true }),
    });
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const loadMany = jest.fn((keys: ReadKey[]) => Promise.resolve(keys.map((read) => `called ${read.subject}`)));
    const keys = ['arn:kept', 'arn:mine', 'arn:theirs', 'arn:mine-too'].map((subject) => key(subject));
    expect(await Promise.all(cache.readMany(keys, loadMany, () => true))).toEqual(['kept', 'called arn:mine', 'theirs', 'called arn:mine-too']);
    expect(loadMany.mock.calls.map(([called]) => called.map((read) => read.subject))).toEqual([['arn:mine', 'arn:mine-too']]);
  });
});

describe('Windows (pacing in windows shorter than a second)', () => {
  it('lets `points` calls through a window and says when the next window starts', async () => {
    const windows = new Windows(new RateLimiterMemory({ points: 2, duration: 1 }), () => 60_000);
    await windows.consume('lane');
    await windows.consume('lane');
    const refused = await windows.consume('lane').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimiterRes);
    expect((refused as RateLimiterRes).msBeforeNext).toBeLessThanOrEqual(60_000);
    expect((refused as RateLimiterRes).msBeforeNext).toBeGreaterThan(0);
    // Lanes are counted apart, and a key handed over with a window (as an insurance limiter gets it) is the same lane.
    await windows.consume('other');
    await expect(windows.consume(`lane@${Math.floor(Date.now() / 60_000) - 5}`)).rejects.toBeInstanceOf(RateLimiterRes);
  });
});

describe('the codec of values shared through Redis', () => {
  it('brings Dates back as Dates', () => {
    const value = { at: new Date('2026-11-24T06:00:00.000Z'), nested: [{ at: null, n: 1 }] };
    const back = codec.parse(codec.stringify(value));
    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
  });
});

describe('an expired answer another replica kept', () => {
  it('is served once more while one refresh is fetched for everybody', async () => {
    let entry = { value: 'old', storedAt: Date.now() - 90_000 };
    const settled: unknown[] = [];
    const { store } = fakeStore({
      lookup: () => Promise.resolve({ entry, ticket: 'g0' }),
      settle: (_name, _key, _ticket, outcome) => {
        settled.push(outcome?.value);
        if (outcome) entry = { value: outcome.value as string, storedAt: Date.now() };
        return Promise.resolve(true);
      },
    });
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 60_000, share: true, store });
    const load = jest.fn(() => Promise.resolve('new'));
    expect(await cache.read(key(), load, () => true)).toBe('old');
    await until(() => settled.length === 1);
    expect(load).toHaveBeenCalledTimes(1);
    expect(await cache.read(key(), load, () => true)).toBe('new');
  });
});
