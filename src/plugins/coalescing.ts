import { type DocumentNode, type ExecutionResult, getOperationAST } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import { isPromise } from './is-promise';

/** What a leader's execution ended with: its result, or what its handler threw. */
type Outcome = { result: ExecutionResult } | { thrown: unknown };

/**
 * One execution other requests may join. Joinable once its document has been parsed and
 * validated and its operation found to be a query; settled, and gone from the table, when its
 * result has been produced.
 */
class Execution {
  /** undefined until the leader's operation is known (or it ends without executing). */
  joinable: boolean | undefined;
  private waiting: (() => void)[] | undefined;
  private outcome: Outcome | undefined;
  private followers: ((outcome: Outcome) => void)[] | undefined;

  constructor(
    readonly key: string,
    readonly leaderId: string,
  ) {}

  decide(joinable: boolean): void {
    if (this.joinable !== undefined) return;
    this.joinable = joinable;
    const waiting = this.waiting;
    this.waiting = undefined;
    for (const wake of waiting ?? []) wake();
  }

  decided(): Promise<void> {
    return new Promise((resolve) => (this.waiting ??= []).push(resolve));
  }

  settle(outcome: Outcome): void {
    if (this.outcome) return;
    if (this.followers && 'result' in outcome) serializeOnce(outcome.result);
    this.outcome = outcome;
    const followers = this.followers;
    this.followers = undefined;
    for (const deliver of followers ?? []) deliver(outcome);
  }

  /**
   * A follower's own promise of the leader's result: a leader that threw makes each follower's
   * handler throw the same, which yoga masks and answers for that follower as it does for the
   * leader. A promise of its own, so an outcome nobody follows is never an unhandled rejection.
   */
  follow(): Promise<ExecutionResult> {
    const unwrap = (outcome: Outcome) => ('result' in outcome ? outcome.result : Promise.reject(outcome.thrown));
    if (this.outcome) return Promise.resolve(this.outcome).then(unwrap);
    return new Promise<Outcome>((resolve) => (this.followers ??= []).push(resolve)).then(unwrap);
  }
}

export interface CoalescingOptions {
  /** Whose answers a request may receive: equal keys may see each other's (access.ts). */
  accessKeyOf: (request: Request) => string | undefined;
  requestIdOf: (request: Request) => string;
  registry: Registry;
}

/**
 * Coalescing of identical concurrent queries (COALESCE_QUERIES). A query whose request (query
 * text or persisted hash, operation name, variables, extensions) and caller (access scope and
 * token) equal those of a query already executing does not execute: it waits for that
 * execution's result and answers with it. What a follower holds while it waits is its request's
 * parameters and a promise: no parsed document, context, loaders or admission slot, so 500
 * dashboards refreshing one table on a cold cache cost one execution and one upstream budget
 * (the leader's), and are not refused for want of slots.
 *
 * - Only queries: the leader's operation is known once it has been parsed and validated, and a
 *   request arriving before that waits for it (at most the leader's own admission wait), then
 *   follows or runs on its own. Mutations and subscriptions are never joined.
 * - Only while the leader executes: a request arriving after its result has been produced runs
 *   itself (the read cache keeps what is worth keeping).
 * - The result is the leader's as yoga produced it (errors masked; nothing in it names a request
 *   of the gateway's), serialized once and compressed once for all (serializeOnce,
 *   compression.ts), answered to each follower with its own status, headers, request id and
 *   log line. A leader whose handler threw makes each follower answer that error, masked.
 * - Nothing aborts an execution when its client hangs up (no execution cancellation is
 *   installed), so a leader whose client left still finishes for its followers.
 * - No bound on followers per leader: each holds a promise and its parsed body, and they are
 *   bounded by MAX_CONNECTIONS and the request timeouts like any waiting request.
 *
 * Place it after access control (which decides the caller) and before admission, which lets
 * followers through without a slot (`isFollower`).
 */
export function useCoalescing(options: CoalescingOptions) {
  const executing = new Map<string, Execution>();
  const leading = new WeakMap<Request, Execution>();
  const following = new WeakSet<Request>();
  /** Each follower's leader's request id, for its log line. */
  const leaders = new WeakMap<Request, string>();
  const coalesced = new Counter({
    name: 'graphql_requests_coalesced_total',
    help: 'GraphQL queries answered with the result of an identical query executing at the same time, instead of executing (COALESCE_QUERIES).',
    registers: [options.registry],
  });

  /** The execution ends: nobody joins it any more, and its followers get the outcome (once; a second end changes nothing). */
  const end = (execution: Execution, outcome: Outcome) => {
    execution.decide(false);
    if (executing.get(execution.key) === execution) executing.delete(execution.key);
    execution.settle(outcome);
  };

  const follow = (request: Request, execution: Execution, setParamsHandler: (handler: () => Promise<ExecutionResult>) => void) => {
    following.add(request);
    coalesced.inc();
    leaders.set(request, execution.leaderId);
    setParamsHandler(() => execution.follow());
  };

  const plugin: Plugin = {
    onParams({ request, params, paramsHandler, setParamsHandler }) {
      const access = options.accessKeyOf(request);
      if (access === undefined) return;
      const key = keyOf(access, params);
      if (key === undefined) return;
      const running = executing.get(key);
      if (running?.joinable) return follow(request, running, setParamsHandler);
      // A mutation or subscription, or a leader that ended without executing: this one runs on its own.
      if (running?.joinable === false) return;
      if (running) {
        return running.decided().then(() => {
          if (running.joinable) follow(request, running, setParamsHandler);
        });
      }
      const execution = new Execution(key, options.requestIdOf(request));
      executing.set(key, execution);
      leading.set(request, execution);
      setParamsHandler((payload) => {
        const finish = (outcome: Outcome) => end(execution, outcome);
        let produced: ReturnType<typeof paramsHandler>;
        try {
          produced = paramsHandler(payload);
        } catch (thrown) {
          finish({ thrown });
          throw thrown;
        }
        if (!isPromise(produced)) {
          finish({ result: produced as ExecutionResult });
          return produced;
        }
        return produced.then(
          (result) => (finish({ result: result as ExecutionResult }), result),
          (thrown: unknown) => {
            finish({ thrown });
            throw thrown;
          },
        );
      });
    },
    onExecute({ args }) {
      const execution = leading.get(args.contextValue.request);
      if (execution) execution.decide(getOperationAST(args.document as DocumentNode, args.operationName)?.operation === 'query');
    },
    onSubscribe({ args }) {
      leading.get(args.contextValue.request)?.decide(false);
    },
    // Every request that reached onParams ends here: a leader refused before it executed
    // (admission, a persisted query not found, a document that does not validate) leaves the table.
    // (Its result settles the execution too, should another plugin have replaced the handler above.)
    onResultProcess({ request, result }) {
      const execution = leading.get(request);
      if (!execution) return;
      leading.delete(request);
      end(execution, { result: result as ExecutionResult });
    },
  };

  return {
    plugin,
    /** Admission lets followers through: they execute nothing. */
    isFollower: (request: Request) => following.has(request),
    /** What a follower's log line adds: `coalescedWith`, the request id of the execution that answered it. */
    logFieldsOf: (request: Request): { coalescedWith: string } | undefined => {
      const leader = leaders.get(request);
      return leader === undefined ? undefined : { coalescedWith: leader };
    },
  };
}

/**
 * yoga serializes a result with its own `stringify` when it has one (result-processor/stringify.js):
 * a result that several requests answer with is serialized once, and every answer carries the
 * very same string, which compression.ts then compresses once. The text depends on the result
 * alone (yoga strips the same internals from it each time), and nothing changes a result once
 * it is settled.
 */
function serializeOnce(result: ExecutionResult & { stringify?: (value: unknown) => string }): void {
  if (result === null || typeof result !== 'object' || !Object.isExtensible(result)) return;
  const stringify = result.stringify ?? JSON.stringify;
  let text: string | undefined;
  // Not enumerable: a copy of the result (`{ ...result }`, as a plugin that changes a result makes
  // for one request) does not carry the memo, and serializes what it holds itself.
  Object.defineProperty(result, 'stringify', { value: (value: unknown) => (text ??= stringify(value)), enumerable: false, configurable: true, writable: true });
}

/** Objects' keys in order, so `{a, b}` and `{b, a}` are one request. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/**
 * The request as coalescing compares it: caller, query text, operation name, variables and
 * extensions (a persisted query's hash among them). Undefined when it cannot be written down
 * (nested too deep for JSON.stringify): that request runs on its own.
 */
function keyOf(access: string, params: GraphQLParams): string | undefined {
  try {
    // A request without variables or extensions (a dashboard's fixed query) has no keys to sort.
    const sorting = params.variables == null && params.extensions == null ? undefined : sortedKeys;
    const rest = JSON.stringify([params.operationName ?? null, params.variables ?? null, params.extensions ?? null], sorting);
    return `${access}\n${rest}\n${typeof params.query === 'string' ? params.query : JSON.stringify(params.query ?? null)}`;
  } catch {
    return undefined;
  }
}
