import { ReadCache, type ReadKey } from '../src/upstream/read-cache';

/** A load whose answer the test gives when it chooses, counting how often it was started. */
function controlledLoad<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const load = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }));
  return {
    load,
    pending,
    get started() {
      return pending.length;
    },
  };
}

const key = (id: string, scope = 'identity-a:123456789012', kind: ReadKey['kind'] = 'resource'): ReadKey => ({
  scope,
  region: 'us-east-1',
  typeName: 'AWS::ImageBuilder::ImagePipeline',
  kind,
  // A list is about no one resource; its page is its token.
  subject: kind === 'list' ? null : id,
  page: kind === 'list' ? id : '',
});
const keepAll = () => true;

/** A read whose load, if it started one, is answered at once with `value`. */
function readAnswered(cache: ReadCache, upstream: ReturnType<typeof controlledLoad<string>>, readKey: ReadKey, value: string) {
  const read = cache.read(readKey, upstream.load, keepAll);
  // After a cache hit this answers the previous load again, which changes nothing: a promise settles once.
  upstream.pending[upstream.started - 1]?.resolve(value);
  return read;
}

describe('ReadCache', () => {
  it('gives identical reads in flight one load, and a read after it has ended a new one when there is no TTL', async () => {
    const cache = new ReadCache({ ttlMs: 0, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    const reads = [cache.read(key('a'), upstream.load, keepAll), cache.read(key('a'), upstream.load, keepAll)];
    expect(upstream.started).toBe(1);
    upstream.pending[0]!.resolve('model');
    expect(await Promise.all(reads)).toEqual(['model', 'model']);
    const again = cache.read(key('a'), upstream.load, keepAll);
    expect(upstream.started).toBe(2);
    upstream.pending[1]!.resolve('model 2');
    expect(await again).toBe('model 2');
  });

  it('shares a failure with the reads that were waiting for it, and keeps nothing of it', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    const reads = [cache.read(key('a'), upstream.load, keepAll), cache.read(key('a'), upstream.load, keepAll)];
    upstream.pending[0]!.reject(new Error('throttled'));
    await expect(Promise.all(reads)).rejects.toThrow('throttled');
    const retry = cache.read(key('a'), upstream.load, keepAll);
    expect(upstream.started).toBe(2);
    upstream.pending[1]!.resolve('model');
    expect(await retry).toBe('model');
  });

  it('with a TTL serves a repeat without loading, but never what `keep` refuses (not found)', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string | null>();
    const first = cache.read(key('a'), upstream.load, (value) => value !== null);
    upstream.pending[0]!.resolve('model');
    await first;
    expect(await cache.read(key('a'), upstream.load, (value) => value !== null)).toBe('model');
    expect(upstream.started).toBe(1);

    const missing = cache.read(key('gone'), upstream.load, (value) => value !== null);
    upstream.pending[1]!.resolve(null);
    expect(await missing).toBeNull();
    void cache.read(key('gone'), upstream.load, (value) => value !== null);
    expect(upstream.started).toBe(3);
  });

  it('keeps identities apart: the same resource read by another identity is another load', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    void cache.read(key('a', cache.identityOf('AKIDFIRST')), upstream.load, keepAll);
    void cache.read(key('a', cache.identityOf('AKIDSECOND')), upstream.load, keepAll);
    expect(upstream.started).toBe(2);
    expect(cache.identityOf('AKIDFIRST')).toMatch(/^[0-9a-f]{16}$/);
    expect(cache.identityOf('AKIDFIRST')).not.toContain('AKID');
  });

  it('drops, on invalidation, the kept result and the list pages of the region, for every identity', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    const keys = [key('a'), key('a', 'identity-b:123456789012'), key('', 'identity-a:123456789012', 'list'), key('b')];
    for (const k of keys) await readAnswered(cache, upstream, k, `value of ${k.subject ?? k.page}`);
    cache.invalidate('us-east-1', 'AWS::ImageBuilder::ImagePipeline', 'a');
    for (const k of keys) void cache.read(k, upstream.load, keepAll);
    // a (both identities) and the list page are read again; b is still kept.
    expect(upstream.started).toBe(4 + 3);
  });

  it('neither keeps nor lets later reads join a read that was in flight when its resource was written', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    const before = cache.read(key('a'), upstream.load, keepAll);
    cache.invalidate('us-east-1', 'AWS::ImageBuilder::ImagePipeline', 'a');
    const after = cache.read(key('a'), upstream.load, keepAll);
    expect(upstream.started).toBe(2);
    upstream.pending[0]!.resolve('old');
    upstream.pending[1]!.resolve('new');
    expect([await before, await after]).toEqual(['old', 'new']);
    expect(await cache.read(key('a'), upstream.load, keepAll)).toBe('new');
    expect(upstream.started).toBe(2);
  });

  it('invalidates once per write request, however often its final status is seen', async () => {
    const cache = new ReadCache({ ttlMs: 60_000, staleMs: 0, share: true });
    const upstream = controlledLoad<string>();
    await readAnswered(cache, upstream, key('a'), 'model');
    cache.invalidateOnSettle('request-1', 'us-east-1', 'AWS::ImageBuilder::ImagePipeline', 'a');
    await readAnswered(cache, upstream, key('a'), 'model');
    cache.invalidateOnSettle('request-1', 'us-east-1', 'AWS::ImageBuilder::ImagePipeline', 'a');
    await readAnswered(cache, upstream, key('a'), 'model');
    expect(upstream.started).toBe(2);
  });

  describe('after the TTL', () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('serves the expired answer while one refresh is in flight, then the refreshed one', async () => {
      const cache = new ReadCache({ ttlMs: 5, staleMs: 600_000, share: true });
      const upstream = controlledLoad<string>();
      await readAnswered(cache, upstream, key('a'), 'old');
      await sleep(10);
      expect(await cache.read(key('a'), upstream.load, keepAll)).toBe('old');
      expect(await cache.read(key('a'), upstream.load, keepAll)).toBe('old');
      expect(upstream.started).toBe(2);
      upstream.pending[1]!.resolve('new');
      await new Promise(setImmediate);
      expect(await cache.read(key('a'), upstream.load, keepAll)).toBe('new');
      expect(upstream.started).toBe(2);
    });

    it('drops the expired answer when its refresh fails, so the next read calls and sees the failure', async () => {
      const cache = new ReadCache({ ttlMs: 5, staleMs: 600_000, share: true });
      const upstream = controlledLoad<string>();
      await readAnswered(cache, upstream, key('a'), 'old');
      await sleep(10);
      expect(await cache.read(key('a'), upstream.load, keepAll)).toBe('old');
      upstream.pending[1]!.reject(new Error('throttled'));
      await new Promise(setImmediate);
      const next = cache.read(key('a'), upstream.load, keepAll);
      expect(upstream.started).toBe(3);
      upstream.pending[2]!.reject(new Error('throttled'));
      await expect(next).rejects.toThrow('throttled');
    });

    it('without a stale window, makes the reader wait for the call', async () => {
      const cache = new ReadCache({ ttlMs: 5, staleMs: 0, share: true });
      const upstream = controlledLoad<string>();
      await readAnswered(cache, upstream, key('a'), 'old');
      await sleep(10);
      const second = cache.read(key('a'), upstream.load, keepAll);
      upstream.pending[1]!.resolve('new');
      expect(await second).toBe('new');
    });
  });

  it('shares nothing when sharing is off (the naive baseline)', () => {
    const cache = new ReadCache({ ttlMs: 0, staleMs: 0, share: false });
    const upstream = controlledLoad<string>();
    void cache.read(key('a'), upstream.load, keepAll);
    void cache.read(key('a'), upstream.load, keepAll);
    expect(upstream.started).toBe(2);
  });
});
