import { type ASTVisitor, type FieldNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

/**
 * At most one schema introspection (`__schema`) per operation. One costs a few hundred bytes of
 * query and answers with the whole schema (50 KB here), so fifty aliases of it in a 1.5 KB request
 * answered 2.5 MB: GraphQL Armor's cost and depth limits leave introspection out, and its alias
 * limit bounds only how many copies. Inside one `__schema`, graphql-js bounds how deep lists of
 * types and fields may nest (MaxIntrospectionDepthRule); `__type` answers one type and is counted
 * by the alias limit like any field. The rule runs in validation, before anything is resolved.
 */
export function SingleSchemaIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      const keys = new Set<string>();
      const seen = new Set<string>();
      const visit = (selectionSet: SelectionSetNode) => {
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            if (selection.name.value === '__schema') keys.add(responseKey(selection));
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            visit(selection.selectionSet);
          } else if (!seen.has(selection.name.value)) {
            seen.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) visit(fragment.selectionSet);
          }
        }
      };
      visit(operation.selectionSet);
      if (keys.size > 1) {
        context.reportError(
          new GraphQLError(`A request may introspect the schema (__schema) once; this one does ${keys.size} times.`, {
            nodes: operation,
            extensions: { code: 'LIMIT_EXCEEDED', limit: '__schema per request', value: 1 },
          }),
        );
      }
    },
  };
}

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;
