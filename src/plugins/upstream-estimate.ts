import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { fieldsOf, needsModel, type SelectionScope } from '../schema/selections';

/** Cloud Control's usual list page; more rows than this may take another ListResources call. */
const ASSUMED_PAGE_SIZE = 25;
const DEFAULT_FIRST = 20;

interface Walk extends SelectionScope {
  variables: Record<string, unknown>;
  /** Distinct pipelines read by ARN or id: the loader reads each once. */
  pipelines: Set<string>;
  calls: number;
}

/**
 * An upper bound on the Cloud Control calls an operation can cause, worked out from the
 * document and its variables before anything runs: each distinct pipeline named by ARN or id,
 * each list page, one read per listed row whose selection needs more than the ARN, and each
 * write. It errs high (no cache, no deduplication across lists), except in two places where the
 * count depends on the service: it assumes list pages of ASSUMED_PAGE_SIZE rows, and one status
 * poll for each `wait: true` write (a wait polls until its request finishes, which may be at
 * once). The calls themselves are counted as they are made (loaders/upstream-budget.ts), which
 * holds the bound whatever the service's pages, and ends a wait whose polls would pass it.
 */
export function estimateUpstreamCalls(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const walk: Walk = {
    schema,
    fragments: new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])),
    variables,
    pipelines: new Set(),
    calls: 0,
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (root) visitSelections(walk, operation.selectionSet, root, 1, new Set());
  return walk.pipelines.size + walk.calls;
}

function argumentsOf(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch {
    return {}; // execution will refuse these arguments itself
  }
}

/** A waiting write's first status poll; its further polls are counted as they are made. */
const pollsOf = (args: Record<string, unknown>) => ((args.input as { wait?: unknown } | undefined)?.wait === true ? 1 : 0);

const arnOfGlobalId = (id: unknown) => (typeof id === 'string' ? Buffer.from(id, 'base64').toString('utf8').replace(/^ImagePipeline:/, '') : '');

function visitSelections(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLNamedType, rows: number, seen: Set<string>): void {
  for (const { node, type: parent } of fieldsOf(walk, selectionSet, type, seen)) {
    if (!isObjectType(parent)) continue;
    const field = parent.getFields()[node.name.value];
    if (!field) continue;
    const args = argumentsOf(walk, field, node);
    // A negative `first` is refused when its field runs, but it must not lower the estimate for the rest.
    const first = typeof args.first === 'number' ? Math.max(0, args.first) : DEFAULT_FIRST;
    const fieldType = getNamedType(field.type);
    let childRows = rows;
    switch (`${parent.name}.${field.name}`) {
      case 'Query.imagePipeline':
        walk.pipelines.add(String(args.arn));
        break;
      case 'Query.node':
        walk.pipelines.add(arnOfGlobalId(args.id));
        break;
      case 'Query.nodes':
        for (const id of (args.ids as unknown[] | undefined) ?? []) walk.pipelines.add(arnOfGlobalId(id));
        break;
      case 'Query.imagePipelines':
        walk.calls += Math.max(1, Math.ceil(first / ASSUMED_PAGE_SIZE));
        childRows = first;
        break;
      case 'Query.resourceRequests':
        walk.calls += 1;
        childRows = first;
        break;
      case 'Query.resourceRequest':
        walk.calls += 1;
        break;
      case 'Mutation.createImagePipeline':
      case 'Mutation.deleteImagePipeline':
        walk.calls += 1 + pollsOf(args);
        break;
      case 'Mutation.updateImagePipeline': // the current model, then the write
        walk.calls += 2 + pollsOf(args);
        break;
      case 'Mutation.cancelResourceRequest': // the status, then the cancel
        walk.calls += 2;
        break;
      case 'ResourceRequest.imagePipeline':
      case 'ImagePipelineWritePayload.imagePipeline':
        walk.calls += rows;
        break;
      case 'ImagePipelineEdge.node':
      case 'ImagePipelineConnection.nodes':
        if (needsModel(walk, node.selectionSet, fieldType)) walk.calls += rows;
        break;
      default:
        break;
    }
    if (node.selectionSet) visitSelections(walk, node.selectionSet, fieldType, childRows, seen);
  }
}

/**
 * Estimates, remembered per document when they cannot depend on variables: yoga hands the same
 * parsed document to every request with the same query text, so a dashboard's repeated query is
 * walked once. Documents are weakly held, so the cache lives and dies with yoga's parse cache.
 */
export class EstimateCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();

  of(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
    const operation = getOperationAST(document, operationName);
    if (!operation || (operation.variableDefinitions?.length ?? 0) > 0) return estimateUpstreamCalls(schema, document, operationName, variables);
    let byOperation = this.byDocument.get(document);
    if (!byOperation) this.byDocument.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let estimate = byOperation.get(key);
    if (estimate === undefined) byOperation.set(key, (estimate = estimateUpstreamCalls(schema, document, operationName, variables)));
    return estimate;
  }
}
