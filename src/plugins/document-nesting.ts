/**
 * The deepest a GraphQL document may nest brackets (`{`, `[`, `(` together). graphql-js parses
 * recursively and overflows the stack a few thousand levels down, which MAX_QUERY_TOKENS alone
 * allows (`[[[[…` is one token a level); the deepest query the limits let through (MAX_QUERY_DEPTH
 * of at most 100, each level's arguments and a JSON value of MAX_JSON_DEPTH) stays well inside.
 */
export const MAX_DOCUMENT_NESTING = 256;

/**
 * How deep a document's brackets nest, read without parsing (strings, block strings and comments
 * skipped), so a document too deep to parse safely is refused before the parser sees it.
 */
export function documentNesting(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (char === '"') {
      if (source.startsWith('"""', i)) {
        // A block string ends at the first """ that is not escaped as \""".
        for (i += 3; i < source.length && !(source.startsWith('"""', i) && source[i - 1] !== '\\'); i++);
        i += 2;
      } else {
        for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
      }
    } else if (char === '{' || char === '[' || char === '(') {
      deepest = Math.max(deepest, ++depth);
    } else if (char === '}' || char === ']' || char === ')') {
      depth--;
    }
  }
  return deepest;
}
