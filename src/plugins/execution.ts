import {
  type DocumentNode,
  execute,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  subscribe,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import { isPromise } from './is-promise';

/** Runs of a query document before it is compiled: a document polled by a dashboard gets there within seconds, a one-off never. */
export const RUNS_BEFORE_COMPILING = 2;
/**
 * Fields a compiled query may select, as fieldsOf counts them. graphql-jit generates code for every
 * selection on its own, at about 0.1 ms a field on this machine (a 50-alias query of 20 fields
 * each: about 100 ms with the event loop held); at this bound a compilation took 1.5–7 ms here.
 */
export const MAX_COMPILED_FIELDS = 64;
/**
 * Fields of all the compiled queries kept at once. A compiled query holds about 5 KB a field
 * (60 fields: 316 KB, with its generated code), so without a bound 1000 distinct documents run
 * three times each would hold 300 MB; at this one, about 10 MB. The least recently run is
 * dropped first, and compiles again should it come back and run twice more.
 */
export const MAX_KEPT_FIELDS = 2048;

/** A document's operation: its runs so far, its field count, and whether it stays on graphql-js. */
type Plan = { runs: number; fields: number; graphqlJs?: true };

/**
 * How operations execute.
 *
 * - graphql-js's own `execute` and `subscribe`, so every object in a response lists its fields in
 *   the order the query asked for them (the GraphQL spec's "Serialized Map Ordering"). Yoga's
 *   bundled executor (@graphql-tools/executor 2.0.x) writes an object's keys in the order its
 *   asynchronous fields resolve, so a dashboard query's rows come back shuffled; its fix (2.1.0)
 *   needs Node 22.15 or later, and this gateway runs on Node 20. The gateway uses none of what that
 *   executor adds (incremental delivery, @defer, @stream).
 * - COMPILE_QUERIES: a query document run a third time is compiled (graphql-jit, as Mercurius
 *   does) and runs compiled from then on: dashboards poll the same few documents, and a compiled
 *   query costs about a quarter less CPU on the warm path (bench scenario 7). Compiling costs far
 *   more than a run, so it waits for repeated runs (a stream of one-off documents compiles
 *   nothing) and is left to documents of at most MAX_COMPILED_FIELDS fields; the compiled forms
 *   kept are bounded by MAX_KEPT_FIELDS. Mutations (rare, and ordered by concurrent-writes.ts) and
 *   subscriptions stay on graphql-js.
 * - A compiled query answers as graphql-js does (runCompiled): clean answers and its resolvers'
 *   errors as they are, anything graphql-jit itself objected to by running again on graphql-js.
 */
export function useExecution(options: { compile: boolean; registry: Registry }): Plugin {
  const graphqlJs: Plugin = { onExecute: ({ setExecuteFn }) => setExecuteFn(execute), onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(subscribe) };
  if (!options.compile) return graphqlJs;
  const compilations = new Counter({
    name: 'graphql_documents_compiled_total',
    help: `Query documents considered for compiling at their run ${RUNS_BEFORE_COMPILING + 1} (COMPILE_QUERIES), by outcome: compiled; too large (over ${MAX_COMPILED_FIELDS} fields); not compilable. The last two keep running on graphql-js.`,
    labelNames: ['outcome'] as const,
    registers: [options.registry],
  });
  // Per document (as long as yoga's parser cache keeps it), per operation name.
  const plans = new WeakMap<DocumentNode, Map<string, Plan>>();
  const kept = new LRUCache<Plan, CompiledQuery>({
    maxSize: MAX_KEPT_FIELDS,
    sizeCalculation: (_query, plan) => plan.fields,
    // Dropped to make room: it counts its runs again before it is compiled again.
    dispose: (_query, plan) => void (plan.runs = 0),
  });

  const compiledFor = (args: ExecutionArgs): CompiledQuery | undefined => {
    let byName = plans.get(args.document);
    if (!byName) plans.set(args.document, (byName = new Map()));
    const name = args.operationName ?? '';
    let plan = byName.get(name);
    if (!plan) byName.set(name, (plan = { runs: 0, fields: 0 }));
    if (plan.graphqlJs) return undefined;
    const compiled = kept.get(plan);
    if (compiled || plan.runs++ < RUNS_BEFORE_COMPILING) return compiled;
    const operation = getOperationAST(args.document, args.operationName);
    if (operation?.operation !== 'query') return void (plan.graphqlJs = true);
    plan.fields = fieldsOf(args.schema, operation, args.document, MAX_COMPILED_FIELDS);
    if (plan.fields > MAX_COMPILED_FIELDS) {
      compilations.inc({ outcome: 'too large' });
      return void (plan.graphqlJs = true);
    }
    const query = compileOrNull(args);
    compilations.inc({ outcome: query ? 'compiled' : 'not compilable' });
    if (!query) return void (plan.graphqlJs = true);
    kept.set(plan, query);
    return query;
  };

  return {
    onExecute: ({ args, setExecuteFn }) => {
      const query = compiledFor(args as ExecutionArgs);
      if (!query) return setExecuteFn(execute);
      setExecuteFn((executed) => runCompiled(query, executed as ExecutionArgs));
    },
    onSubscribe: graphqlJs.onSubscribe,
  };
}

/**
 * The fields graphql-jit would generate code for, which is what its compile time follows: each
 * fragment counted where it is spread, and a selection on an interface or union once for each of
 * its object types (21 `node(id:) { id __typename }` took 25 ms, not the 3 ms of 63 plain fields).
 * Stops counting past `limit`.
 */
function fieldsOf(schema: GraphQLSchema, operation: OperationDefinitionNode, document: DocumentNode, limit: number): number {
  let count = 0;
  // `copies`: how many times the code for the selection's parent is generated.
  const visit = (set: SelectionSetNode, type: GraphQLNamedType | undefined, parentCopies: number) => {
    const copies = type && isAbstractType(type) ? parentCopies * schema.getPossibleTypes(type).length : parentCopies;
    for (const selection of set.selections) {
      if (count > limit) return;
      if (selection.kind === Kind.FIELD) {
        count += copies;
        const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[selection.name.value] : undefined;
        if (selection.selectionSet) visit(selection.selectionSet, field && getNamedType(field.type), copies);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : document.definitions.find((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === selection.name.value);
      if (!fragment) continue;
      // A fragment on one object type is generated for that type alone; one on an interface, for each of its types.
      visit(fragment.selectionSet, fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) ?? undefined) : type, parentCopies);
    }
  };
  visit(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, 1);
  return count;
}

/** graphql-jit, loaded at the first compilation rather than at every start (about 40 ms of it). */
let jit: typeof import('graphql-jit') | undefined;

function compileOrNull(args: ExecutionArgs): CompiledQuery | null {
  jit ??= require('graphql-jit') as typeof import('graphql-jit');
  const { compileQuery, isCompiledQuery } = jit;
  try {
    const result = compileQuery(args.schema, args.document, args.operationName ?? undefined);
    return isCompiledQuery(result) ? result : null;
  } catch {
    return null;
  }
}

/**
 * A compiled run's answer, as graphql-js would give it.
 * - Clean: as it is.
 * - Errors its resolvers raised (each has the error it wraps, as graphql-js's do): the same
 *   errors, listed first and placed in the document (located), as graphql-js writes them.
 * - Errors graphql-jit raised itself (refused variables; a null, a list or a value that upstream
 *   data gave where the schema does not allow it): the engines word and mask these differently,
 *   so the run is made again on graphql-js, whose answer is the reference. Refused variables have
 *   run nothing; otherwise the second run reads through the request's loaders, which remember what
 *   the first read (a request status or request listing, not cached anywhere, is read again).
 */
function runCompiled(query: CompiledQuery, args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> {
  const result = query.query(args.rootValue, args.contextValue, args.variableValues);
  const settle = (answer: ExecutionResult): ExecutionResult | Promise<ExecutionResult> => {
    if (answer.errors === undefined) return answer;
    if (answer.errors.some((error) => error.originalError === undefined)) return execute(args);
    const errors = located(answer.errors, args.document);
    return answer.extensions === undefined ? { errors, data: answer.data } : { errors, data: answer.data, extensions: answer.extensions };
  };
  return isPromise(result) ? result.then(settle) : settle(result);
}

/**
 * graphql-jit's errors carry their line and column but not the document they point into, and
 * yoga rebuilds every error from its document and offsets when it writes the response: without
 * them `locations` would be lost. The same errors, placed in the document as graphql-js does;
 * where each line starts is worked out once for all of them.
 */
function located(errors: readonly GraphQLError[], document: DocumentNode): GraphQLError[] {
  const source = document.loc?.source;
  if (!source) return [...errors];
  let lineStarts: number[] | undefined;
  const offset = (line: number, column: number) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (const match of source.body.matchAll(/\r\n|[\n\r]/g)) lineStarts.push(match.index + match[0].length);
    }
    return (lineStarts[line - 1] ?? 0) + column - 1;
  };
  return errors.map((error) =>
    error.source || !error.locations?.length
      ? error
      : new GraphQLError(error.message, {
          source,
          positions: error.locations.map(({ line, column }) => offset(line, column)),
          path: error.path,
          originalError: error.originalError,
          extensions: error.extensions,
        }),
  );
}
