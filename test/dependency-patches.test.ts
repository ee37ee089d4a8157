import { fakePromise, fakeRejectPromise, handleMaybePromise, unfakePromise } from '@whatwg-node/promise-helpers';

/**
 * patches/ is applied by `npm ci` (postinstall) and by the Dockerfile: these fail when it is not,
 * and when a patched function stops behaving as the one it replaces.
 */
describe('the @whatwg-node/promise-helpers patch (README, Dependencies)', () => {
  it('makes fake promises instances of one class, not literals with closures of their own', () => {
    const [one, two] = [fakePromise(1), fakePromise('two')];
    expect(Object.getPrototypeOf(one)).toBe(Object.getPrototypeOf(two));
    expect(Object.getPrototypeOf(one)).not.toBe(Object.prototype);
    expect(Object.hasOwn(one, 'then')).toBe(false);
    expect(Object.hasOwn(fakeRejectPromise(new Error('no')), 'then')).toBe(false);
  });

  it('keeps what fake promises do: they chain, read as promises, and unwrap', async () => {
    expect(Object.prototype.toString.call(fakePromise(1))).toBe('[object Promise]');
    expect(unfakePromise(fakePromise(2).then((value) => value * 10))).toBe(20);
    expect(() => unfakePromise(fakePromise(2).then(() => { throw new Error('inside'); }))).toThrow('inside');
    expect(unfakePromise(fakeRejectPromise(new Error('no')).catch((error: Error) => error.message))).toBe('no');
    let ran = false;
    expect(unfakePromise(fakePromise(3).finally(() => void (ran = true)))).toBe(3);
    expect(ran).toBe(true);
    // A thenable that is not a whole promise is wrapped, and still resolves.
    const thenable = { then: (resolve: (value: number) => void) => resolve(4) } as unknown as PromiseLike<number>;
    await expect(fakePromise(thenable)).resolves.toBe(4);
  });

  it('has handleMaybePromise answer synchronously when nothing is a promise, and wait when something is', async () => {
    expect(handleMaybePromise(() => 1, (value) => value + 1)).toBe(2);
    expect(handleMaybePromise(() => { throw new Error('input'); }, () => 'unreached', (error: Error) => `handled ${error.message}`)).toBe('handled input');
    expect(() => handleMaybePromise(() => { throw new Error('unhandled'); }, () => 'unreached')).toThrow('unhandled');
    const steps: string[] = [];
    expect(handleMaybePromise(() => 5, (value) => (steps.push('success'), value), undefined, () => void steps.push('finally'))).toBe(5);
    expect(steps).toEqual(['success', 'finally']);
    const waited = handleMaybePromise(() => Promise.resolve(6), (value) => value * 2);
    expect(waited).toBeInstanceOf(Promise);
    await expect(waited).resolves.toBe(12);
    await expect(handleMaybePromise(() => Promise.reject(new Error('later')), () => 'unreached', (error: Error) => error.message)).resolves.toBe('later');
  });
});
