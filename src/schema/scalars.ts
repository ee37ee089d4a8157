import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import { builder } from '../builder';

/**
 * The deepest a JSON or JSONObject input may be nested (arrays and objects). A pipeline's model
 * is a few levels deep; the bound is there because everything that reads a value afterwards
 * (the patch library, the schema validator, JSON.stringify) recurses, and a value nested a few
 * thousand levels deep would overflow the stack there instead of being refused here.
 */
export const MAX_JSON_DEPTH = 64;

/** Walks with its own stack, so a value of any depth is measured without recursing. */
function deeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}

function checkDepth<T>(value: T): T {
  if (deeperThan(value, MAX_JSON_DEPTH)) {
    throw new GraphQLError(`JSON values may be nested at most ${MAX_JSON_DEPTH} levels deep (arrays and objects).`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** graphql-scalars' JSON scalars, with the depth bound on values from variables and from the document. */
function depthBounded(scalar: GraphQLScalarType): GraphQLScalarType {
  const config = scalar.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseValue: (value) => config.parseValue!(checkDepth(value)),
    parseLiteral: (node, variables) => checkDepth(config.parseLiteral!(node, variables)),
  });
}

builder.addScalarType('JSON', depthBounded(JSONResolver));
builder.addScalarType('JSONObject', depthBounded(JSONObjectResolver));
builder.addScalarType('DateTime', DateTimeResolver);
