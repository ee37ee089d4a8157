import { useAPQ } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { PersistedOperations } from '../config/persisted-operations';

/** Registered query text kept for automatic persisted queries, in characters; least recently used goes first. */
const APQ_STORE_CHARS = 8 * 1024 * 1024;

/**
 * Persisted queries, by yoga's own plugins, before a document is parsed: whatever they hand on
 * is parsed, validated, limited, access-checked and estimated like any query.
 *
 * - Without PERSISTED_OPERATIONS: automatic persisted queries, the protocol Apollo's
 *   PersistedQueryLink and urql's persisted exchange speak. A hash sent with its query is checked
 *   (sha256) and registered; a hash alone then runs that query; an unknown one answers
 *   PersistedQueryNotFound, so the client sends the query again. The store is bounded.
 * - With it: trusted documents. Only the file's documents run, named by their hash; any other
 *   request is refused, so the gateway serves exactly the operations its clients were built with.
 */
export function usePersistedQueries(trusted: PersistedOperations | undefined): Plugin {
  if (!trusted) {
    const apq = useAPQ({ store: new LRUCache<string, string>({ maxSize: APQ_STORE_CHARS, sizeCalculation: (query) => Math.max(1, query.length) }) });
    // Called only for a request that names a persisted query: the plugin's onParams is async, and
    // would put every other request's later onParams hooks a promise step behind for nothing.
    return { ...apq, onParams: (payload) => (payload.params.extensions?.persistedQuery == null ? undefined : apq.onParams?.(payload)) };
  }
  const refusal = (message: string, code: string) => ({ message, extensions: { code, http: { status: 400 } } });
  return usePersistedOperations({
    getPersistedOperation: (hash) => trusted.documents.get(hash) ?? null,
    customErrors: {
      notFound: refusal('PersistedQueryNotFound: this gateway runs only its trusted documents (PERSISTED_OPERATIONS), and this hash is not one of them.', 'PERSISTED_QUERY_NOT_FOUND'),
      persistedQueryOnly: refusal(
        'This gateway runs only its trusted documents (PERSISTED_OPERATIONS): send extensions.persistedQuery.sha256Hash of one of them, without the query.',
        'PERSISTED_QUERY_ONLY',
      ),
      keyNotFound: refusal(
        'This gateway runs only its trusted documents (PERSISTED_OPERATIONS): send extensions.persistedQuery { version: 1, sha256Hash } naming one of them.',
        'PERSISTED_QUERY_ID_REQUIRED',
      ),
    },
  }) as Plugin;
}
