import { type ASTNode, type ASTVisitor, type FieldNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Introspection answers at most one copy of the schema per request: at most one `__schema`, and
 * no aliases inside `__schema` or `__type` (no introspection client uses them). A `__schema` costs
 * a few hundred bytes of query and answers the whole schema (50 KB here): fifty aliases of it
 * in a 1.5 KB request answered 2.5 MB, and fifty aliases of `fields` inside one answered 1.8 MB.
 * GraphQL Armor's cost and depth limits leave introspection out; graphql-js bounds how deep its
 * lists nest (MaxIntrospectionDepthRule); `__type` answers one type, and the alias limit counts
 * it like any field. The rule runs in validation, before anything is resolved.
 */
export function IntrospectionLimitRule(context: ValidationContext): ASTVisitor {
  const refuse = (message: string, node: ASTNode, limit: string) =>
    context.reportError(new GraphQLError(message, { nodes: node, extensions: { code: 'LIMIT_EXCEEDED', limit, value: 1 } }));

  /** Every field of a selection, through fragments (each fragment once). */
  const fieldsOf = (selectionSet: SelectionSetNode, seen: Set<string>, into: FieldNode[] = []): FieldNode[] => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) into.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) fieldsOf(selection.selectionSet, seen, into);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = context.getFragment(selection.name.value);
        if (fragment) fieldsOf(fragment.selectionSet, seen, into);
      }
    }
    return into;
  };

  const firstAliasWithin = (field: FieldNode, seen: Set<string>): FieldNode | undefined => {
    for (const child of field.selectionSet ? fieldsOf(field.selectionSet, seen) : []) {
      if (child.alias) return child;
      const nested = firstAliasWithin(child, seen);
      if (nested) return nested;
    }
    return undefined;
  };

  return {
    OperationDefinition(operation) {
      const roots = fieldsOf(operation.selectionSet, new Set()).filter((field) => INTROSPECTION_ROOTS.has(field.name.value));
      const schemas = new Set(roots.filter((field) => field.name.value === '__schema').map((field) => field.alias?.value ?? field.name.value));
      if (schemas.size > 1) {
        refuse(`A request may introspect the schema (__schema) once; this one does ${schemas.size} times.`, operation, '__schema per request');
      }
      for (const root of roots) {
        const alias = firstAliasWithin(root, new Set());
        if (alias) {
          refuse(`Aliases are not allowed inside ${root.name.value} (found ${alias.alias!.value}: ${alias.name.value}): introspection answers each part of the schema once.`, alias, 'aliases inside introspection');
          return;
        }
      }
    },
  };
}
