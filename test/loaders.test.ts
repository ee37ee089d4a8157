import { createResourceLoader } from '../src/loaders/resource-loader';
import type { ResourceModel } from '../src/resources/registry-schema';

const key = (identifier: string) => ({ accountId: '123456789012', region: 'us-east-1', typeName: 'AWS::ImageBuilder::ImagePipeline', identifier });

/** A reader whose reads stay pending until the test answers them, counting how many were started. */
function pendingReader() {
  const pending: { identifier: string; resolve: (model: ResourceModel | null) => void }[] = [];
  return {
    pending,
    read: (k: { identifier: string }) => new Promise<ResourceModel | null>((resolve) => pending.push({ identifier: k.identifier, resolve })),
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the per-request resource loader', () => {
  it('starts at most `concurrency` reads at once, and the next only when one ends', async () => {
    const reader = pendingReader();
    const loader = createResourceLoader(reader.read, 2);
    const loads = ['a', 'b', 'c', 'd', 'e'].map((id) => loader.load(key(id)));
    await settle();
    expect(reader.pending.map((read) => read.identifier)).toEqual(['a', 'b']);
    reader.pending[0]!.resolve({ Arn: 'a' });
    await settle();
    expect(reader.pending.map((read) => read.identifier)).toEqual(['a', 'b', 'c']);
    for (let i = 1; i < 5; i++) {
      reader.pending[i]!.resolve({ Arn: reader.pending[i]!.identifier });
      await settle();
    }
    expect(await Promise.all(loads)).toEqual(['a', 'b', 'c', 'd', 'e'].map((id) => ({ Arn: id })));
  });

  it('reads a key once however often one request asks for it, and fails only the key whose read fails', async () => {
    const reads: string[] = [];
    const loader = createResourceLoader(async (k) => {
      reads.push(k.identifier);
      if (k.identifier === 'bad') throw new Error('denied');
      return { Arn: k.identifier };
    }, 10);
    const results = await Promise.allSettled([loader.load(key('a')), loader.load(key('a')), loader.load(key('bad')), loader.load(key('a'))]);
    expect(reads).toEqual(['a', 'bad']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('hands over a model the request or the shared cache has without a promise, peeking the cache once a key', async () => {
    const peeks: string[] = [];
    const cached = new Map<string, ResourceModel>([['warm', { Arn: 'warm', v: 1 }]]);
    const reads: string[] = [];
    const loader = createResourceLoader(
      async (k) => (reads.push(k.identifier), { Arn: k.identifier, read: true }),
      10,
      (k) => (peeks.push(k.identifier), cached.get(k.identifier)),
    );
    expect(loader.loadNow(key('warm'))).toEqual({ Arn: 'warm', v: 1 });
    // The request keeps what it first saw, whatever the shared cache holds later.
    cached.set('warm', { Arn: 'warm', v: 2 });
    expect(loader.loadNow(key('warm'))).toEqual({ Arn: 'warm', v: 1 });
    loader.prime(key('warm'), { Arn: 'warm', v: 3 });
    expect(loader.loadNow(key('warm'))).toEqual({ Arn: 'warm', v: 1 });
    expect(await loader.load(key('warm'))).toEqual({ Arn: 'warm', v: 1 });
    expect(peeks).toEqual(['warm']);
    // Not cached: only a read can tell, and a read on its way is waited for through load.
    expect(loader.loadNow(key('cold'))).toBeUndefined();
    const cold = loader.load(key('cold'));
    expect(loader.loadNow(key('cold'))).toBeUndefined();
    expect(await cold).toEqual({ Arn: 'cold', read: true });
    expect(reads).toEqual(['cold']);
    // A model the request was given (a listed row) is at hand; a key cleared after a write is not.
    loader.clear(key('listed')).prime(key('listed'), { Arn: 'listed' });
    expect(loader.loadNow(key('listed'))).toEqual({ Arn: 'listed' });
    loader.clear(key('warm'));
    expect(loader.loadNow(key('warm'))).toEqual({ Arn: 'warm', v: 2 });
    expect(reads).toEqual(['cold']);
  });
});
