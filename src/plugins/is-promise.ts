/** Whether a hook or executor handed back a promise (thenable) rather than its value: plugins answer synchronously when they can. */
export const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => typeof (value as { then?: unknown } | null)?.then === 'function';
