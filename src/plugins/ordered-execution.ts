import { execute, subscribe } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Runs operations with graphql-js's own `execute` and `subscribe`, so every object in a response
 * lists its fields in the order the query asked for them (the GraphQL spec's "Serialized Map
 * Ordering"). Yoga's bundled executor (@graphql-tools/executor 2.0.x) writes an object's keys in
 * the order its asynchronous fields resolve, so a dashboard query's rows come back shuffled, one
 * differently from the next; its fix (2.1.0) needs Node 22.15 or later, and this gateway runs on
 * Node 20. The gateway uses none of what that executor adds (incremental delivery, @defer, @stream).
 */
export function useOrderedExecution(): Plugin {
  return {
    onExecute: ({ setExecuteFn }) => setExecuteFn(execute),
    onSubscribe: ({ setSubscribeFn }) => setSubscribeFn(subscribe),
  };
}
