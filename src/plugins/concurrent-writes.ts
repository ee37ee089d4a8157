import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getOperationAST,
  GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { WRITES_IN_TURN } from '../schema/writes';

/**
 * graphql-js executes a mutation's root fields strictly one after another, each with its whole
 * payload: a `wait: true` write held every write after it for as long as it waited (ten held one
 * request for 78 s). The write fields keep their order themselves (writes/request-writes.ts: each
 * is checked and sent after the earlier ones were sent, and after earlier writes to the same
 * pipeline finished), so a mutation made only of them is executed the way graphql-js executes a
 * query, every field started at once in document order: the writes still go out in order, and
 * their waits overlap under the request's one wait budget. A mutation with any other field runs
 * as graphql-js runs it.
 */
export function useConcurrentWrites(): Plugin {
  const asQuery = new WeakMap<GraphQLSchema, GraphQLSchema>();
  const documents = new WeakMap<DocumentNode, DocumentNode>();
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== OperationTypeNode.MUTATION || !onlyWritesInTurn(args.schema, args.document, operation)) return;
      let schema = asQuery.get(args.schema);
      if (!schema) asQuery.set(args.schema, (schema = mutationRootedSchema(args.schema)));
      let document = documents.get(args.document);
      if (!document) documents.set(args.document, (document = withOperationAsQuery(args.document, operation)));
      setExecuteFn((executeArgs) => executeFn({ ...executeArgs, schema: schema!, document: document! }));
    },
  };
}

/** The same types, with Mutation as the query root: graphql-js runs a query's root fields together. */
function mutationRootedSchema(schema: GraphQLSchema): GraphQLSchema {
  return new GraphQLSchema({ ...schema.toConfig(), query: schema.getMutationType(), mutation: null, subscription: null, assumeValid: true });
}

function withOperationAsQuery(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  const query: OperationDefinitionNode = { ...operation, operation: OperationTypeNode.QUERY };
  return { ...document, definitions: document.definitions.map((definition) => (definition === operation ? query : definition)) };
}

/** Whether every root field the operation selects (through fragments too) is a write that takes its turn, or __typename. */
function onlyWritesInTurn(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fields = schema.getMutationType()?.getFields() ?? {};
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const seen = new Set<string>();
  const check = (selectionSet: SelectionSetNode): boolean =>
    selectionSet.selections.every((selection) => {
      if (selection.kind === Kind.FIELD) {
        return selection.name.value === '__typename' || fields[selection.name.value]?.extensions.writesInTurn === WRITES_IN_TURN.writesInTurn;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) return check(selection.selectionSet);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return true;
      seen.add(fragment.name.value);
      return check(fragment.selectionSet);
    });
  return check(operation.selectionSet);
}
