import { arrayIndex, parsePointer, PointerSyntaxError, startsWith } from './json-pointer';

/**
 * RFC 6902 JSON Patch, written here rather than taken from a library: the gateway builds its
 * patches with fast-json-patch, and the emulator is the independent reading that catches where
 * that library, or the gateway's use of it, departs from the RFC.
 */
export type PatchOperation =
  | { op: 'add' | 'replace' | 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

export const PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'] as const;

export type PatchResult =
  | { ok: true; document: unknown }
  | { ok: false; index: number; message: string; /** A `test` that did not hold, rather than a malformed or unappliable operation. */ testFailed: boolean };

class PatchError extends Error {
  constructor(
    message: string,
    readonly testFailed = false,
  ) {
    super(message);
  }
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;
const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** Sets a member without ever touching a prototype, so `/__proto__` is an ordinary member name. */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy that shares nothing with the original, as the patch must not alter its inputs. */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** RFC 6902 §4.6: equal types and values; objects by their members, arrays element by element. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isContainer(a) && isContainer(b)) {
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((key) => hasOwn(y, key) && jsonEqual(x[key], y[key]));
  }
  return a === b;
}

/** What a pointer names in a document, or nothing when some step of it does not exist. */
function lookup(document: unknown, tokens: readonly string[]): { found: true; value: unknown } | { found: false } {
  let current = document;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      const index = arrayIndex(token);
      if (index === undefined || index >= current.length) return { found: false };
      current = current[index];
    } else if (isContainer(current) && hasOwn(current, token)) {
      current = (current as Record<string, unknown>)[token];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}

function parentOf(document: unknown, tokens: readonly string[], pointer: string): Container {
  const parent = lookup(document, tokens.slice(0, -1));
  if (!parent.found) throw new PatchError(`the parent of ${pointer} does not exist`);
  if (!isContainer(parent.value)) throw new PatchError(`the parent of ${pointer} is not an object or an array`);
  return parent.value;
}

/** A document held in a box, so that operations on the root can replace it. */
interface Box {
  document: unknown;
}

function add(box: Box, pointer: string, value: unknown): void {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    box.document = value;
    return;
  }
  const parent = parentOf(box.document, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    if (last === '-') {
      parent.push(value);
      return;
    }
    const index = arrayIndex(last);
    if (index === undefined) throw new PatchError(`${pointer}: "${last}" is not an array index`);
    if (index > parent.length) throw new PatchError(`${pointer}: index ${index} is past the end of the array (length ${parent.length})`);
    parent.splice(index, 0, value);
    return;
  }
  setMember(parent, last, value);
}

function remove(box: Box, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('the whole document cannot be removed');
  const parent = parentOf(box.document, tokens, pointer);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) {
    const index = arrayIndex(last);
    if (index === undefined || index >= parent.length) throw new PatchError(`${pointer} does not exist`);
    return parent.splice(index, 1)[0];
  }
  if (!hasOwn(parent, last)) throw new PatchError(`${pointer} does not exist`);
  const removed = parent[last];
  delete parent[last];
  return removed;
}

function existing(box: Box, pointer: string): unknown {
  const target = lookup(box.document, parsePointer(pointer));
  if (!target.found) throw new PatchError(`${pointer} does not exist`);
  return target.value;
}

function applyOne(box: Box, operation: PatchOperation): void {
  switch (operation.op) {
    case 'add':
      return add(box, operation.path, cloneJson(operation.value));
    case 'remove':
      remove(box, operation.path);
      return;
    case 'replace': {
      existing(box, operation.path);
      const tokens = parsePointer(operation.path);
      const value = cloneJson(operation.value);
      if (tokens.length === 0) {
        box.document = value;
        return;
      }
      // In place, so a replaced member keeps its position among the others.
      const parent = parentOf(box.document, tokens, operation.path);
      const last = tokens[tokens.length - 1]!;
      if (Array.isArray(parent)) parent[arrayIndex(last)!] = value;
      else setMember(parent, last, value);
      return;
    }
    case 'move': {
      const from = parsePointer(operation.from);
      const to = parsePointer(operation.path);
      existing(box, operation.from);
      if (to.length > from.length && startsWith(to, from)) {
        throw new PatchError(`cannot move ${operation.from} into its own child ${operation.path}`);
      }
      if (to.length === from.length && startsWith(to, from)) return;
      return add(box, operation.path, remove(box, operation.from));
    }
    case 'copy':
      return add(box, operation.path, cloneJson(existing(box, operation.from)));
    case 'test': {
      const target = lookup(box.document, parsePointer(operation.path));
      if (!target.found) throw new PatchError(`test failed: ${operation.path} does not exist`, true);
      if (!jsonEqual(target.value, operation.value)) throw new PatchError(`test failed: ${operation.path} is not ${JSON.stringify(operation.value)}`, true);
      return;
    }
  }
}

/**
 * The shape RFC 6902 §4 requires of one operation; members other than op, path, from and value
 * are ignored (appendix A.11).
 */
export function operationProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'is not a JSON object with "op" and "path"';
  const { op, path, from } = raw as Record<string, unknown>;
  if (typeof op !== 'string' || !(PATCH_OPS as readonly string[]).includes(op)) return `"op" must be one of ${PATCH_OPS.join(', ')}`;
  if (typeof path !== 'string') return '"path" must be a string (a JSON pointer)';
  if ((op === 'add' || op === 'replace' || op === 'test') && !hasOwn(raw, 'value')) return `"${op}" needs a "value"`;
  if ((op === 'move' || op === 'copy') && typeof from !== 'string') return `"${op}" needs a "from" JSON pointer`;
  return undefined;
}

/**
 * Applies the operations in order to a copy of the document. Atomic, as §5 requires: on the
 * first error the result names the failing operation and the input is left as it was.
 */
export function applyPatch(document: unknown, operations: readonly unknown[]): PatchResult {
  const box: Box = { document: cloneJson(document) };
  for (const [index, raw] of operations.entries()) {
    try {
      const problem = operationProblem(raw);
      if (problem) throw new PatchError(problem);
      applyOne(box, raw as PatchOperation);
    } catch (error) {
      if (!(error instanceof PatchError) && !(error instanceof PointerSyntaxError)) throw error;
      const op = (raw as { op?: unknown })?.op;
      return { ok: false, index, message: `operation ${index}${typeof op === 'string' ? ` (${op})` : ''}: ${error.message}`, testFailed: error instanceof PatchError && error.testFailed };
    }
  }
  return { ok: true, document: box.document };
}
