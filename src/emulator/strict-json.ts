/**
 * JSON.parse, except that an object naming the same member twice is an error. JSON.parse keeps
 * the last one silently, which would let `{"op":"add",…,"op":"remove"}` through as a remove;
 * RFC 6902 (appendix A.13) counts such an operation as an invalid patch document.
 */
export class DuplicateMemberError extends SyntaxError {
  override readonly name = 'DuplicateMemberError';
}

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseStrictJson(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${at}`);
  };
  const skip = () => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const token = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) return undefined;
    at = pattern.lastIndex;
    return match[0];
  };
  const literal = (word: string, value: unknown) => {
    if (!text.startsWith(word, at)) fail('unexpected token');
    at += word.length;
    return value;
  };

  const value = (): unknown => {
    skip();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return JSON.parse(token(STRING) ?? fail('malformed string')) as string;
    if (char === 't') return literal('true', true);
    if (char === 'f') return literal('false', false);
    if (char === 'n') return literal('null', null);
    const number = token(NUMBER);
    return number === undefined ? fail('unexpected token') : Number(number);
  };

  const object = () => {
    at += 1;
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    skip();
    if (text[at] === '}') {
      at += 1;
      return result;
    }
    for (;;) {
      skip();
      const key = JSON.parse(token(STRING) ?? fail('expected a member name')) as string;
      if (seen.has(key)) throw new DuplicateMemberError(`member "${key}" appears twice in one object`);
      seen.add(key);
      skip();
      if (text[at] !== ':') fail('expected ":"');
      at += 1;
      // defineProperty, so a member named __proto__ is a member and not the prototype.
      Object.defineProperty(result, key, { value: value(), enumerable: true, writable: true, configurable: true });
      skip();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] === '}') {
        at += 1;
        return result;
      }
      fail('expected "," or "}"');
    }
  };

  const array = () => {
    at += 1;
    const result: unknown[] = [];
    skip();
    if (text[at] === ']') {
      at += 1;
      return result;
    }
    for (;;) {
      result.push(value());
      skip();
      if (text[at] === ',') {
        at += 1;
        continue;
      }
      if (text[at] === ']') {
        at += 1;
        return result;
      }
      fail('expected "," or "]"');
    }
  };

  const parsed = value();
  skip();
  if (at !== text.length) fail('unexpected text after the JSON value');
  return parsed;
}
