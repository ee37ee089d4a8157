import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/** ImagePipeline fields answered from the ARN alone; any other field needs the model, unless it says otherwise. */
const IDENTITY_FIELDS = new Set(['id', 'arn', 'region', 'accountId', '__typename']);

/**
 * The extensions of a field that reads something other than the Cloud Control model (a
 * pipeline's health and images, from Image Builder): selecting it reads no model.
 */
export const WITHOUT_MODEL = { withoutModel: true } as const;

const readsModel = (type: GraphQLNamedType, name: string) =>
  !IDENTITY_FIELDS.has(name) && !(isObjectType(type) && type.getFields()[name]?.extensions.withoutModel === WITHOUT_MODEL.withoutModel);

/** What a selection set is read against: the schema, and the document's fragments by name. */
export interface SelectionScope {
  schema: GraphQLSchema;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

/**
 * The fields a selection set selects, with the type each is selected on, through inline
 * fragments and named ones. Directives are ignored: a field under @skip counts, which errs high.
 */
export function fieldsOf(scope: SelectionScope, selectionSet: SelectionSetNode, type: GraphQLNamedType, seen = new Set<string>()): { node: FieldNode; type: GraphQLNamedType }[] {
  const fields: { node: FieldNode; type: GraphQLNamedType }[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push({ node: selection, type });
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? scope.schema.getType(selection.typeCondition.name.value) ?? type : type;
      fields.push(...fieldsOf(scope, selection.selectionSet, condition, seen));
    } else {
      const fragment = scope.fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) continue;
      const condition = scope.schema.getType(fragment.typeCondition.name.value) ?? type;
      fields.push(...fieldsOf(scope, fragment.selectionSet, condition, new Set([...seen, fragment.name.value])));
    }
  }
  return fields;
}

/** Whether a selection on a pipeline asks for more than its ARN gives, so its model must be read. */
export function needsModel(scope: SelectionScope, selectionSet: SelectionSetNode | undefined, type: GraphQLNamedType): boolean {
  if (!selectionSet) return false;
  return fieldsOf(scope, selectionSet, type).some(({ node, type: parent }) => readsModel(parent, node.name.value));
}

/** Whether the rows of the connection being resolved (`nodes`, or `edges { node }`) need their models. */
export function listedRowsNeedModel(info: GraphQLResolveInfo): boolean {
  const scope: SelectionScope = { schema: info.schema, fragments: new Map(Object.entries(info.fragments)) };
  const connection = getNamedType(info.returnType);
  const childType = (parent: GraphQLNamedType, name: string) => {
    const field = 'getFields' in parent ? parent.getFields()[name] : undefined;
    return field ? getNamedType(field.type) : undefined;
  };
  for (const fieldNode of info.fieldNodes) {
    if (!fieldNode.selectionSet) continue;
    for (const { node } of fieldsOf(scope, fieldNode.selectionSet, connection)) {
      const name = node.name.value;
      if (name === 'nodes' && needsModel(scope, node.selectionSet, childType(connection, 'nodes')!)) return true;
      if (name === 'edges' && node.selectionSet) {
        const edge = childType(connection, 'edges')!;
        for (const { node: edgeField } of fieldsOf(scope, node.selectionSet, edge)) {
          if (edgeField.name.value === 'node' && needsModel(scope, edgeField.selectionSet, childType(edge, 'node')!)) return true;
        }
      }
    }
  }
  return false;
}
