/**
 * RFC 6901 JSON pointers: `` is the whole document, otherwise `/`-separated reference tokens in
 * which `~1` stands for `/` and `~0` for `~`. A `~` followed by anything else is malformed.
 */
export class PointerSyntaxError extends Error {
  override readonly name = 'PointerSyntaxError';
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PointerSyntaxError(`"${pointer}" is not a JSON pointer: it must be empty or start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~(?![01])/.test(token)) throw new PointerSyntaxError(`"${pointer}" has a "~" that is not "~0" or "~1"`);
      // ~1 first: "~01" is the token "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * An array index as RFC 6901 writes it: `0`, or digits without a leading zero. `-` (the end of
 * the array) is only meaningful where an element is added, so callers decide about it.
 */
export function arrayIndex(token: string): number | undefined {
  return /^(?:0|[1-9]\d*)$/.test(token) ? Number(token) : undefined;
}

/** Whether `prefix` is `tokens` or one of its ancestors. */
export function startsWith(tokens: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= tokens.length && prefix.every((token, index) => tokens[index] === token);
}
