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
import { parseGlobalID } from '../builder';
import { USUAL_LIST_PAGE_SIZE } from '../upstream/cloudcontrol/model-limits';
import { fieldsOf, needsModel, type SelectionScope } from '../schema/selections';
import { UPSTREAM_COST, type UpstreamCost } from '../schema/upstream-cost';


interface Walk extends SelectionScope {
  variables: Record<string, unknown>;
  /** What a list returns when `first` is omitted (the configured default page size). */
  defaultFirst: number;
  /** Distinct resources read by ARN or id (`Type:arn`): the loader reads each once. */
  resources: Set<string>;
  calls: number;
}

/**
 * An upper bound on the AWS calls an operation can cause, worked out from the document and its
 * variables before anything runs: each distinct pipeline or image named by ARN or id, each list
 * page, one read per listed row whose selection needs more than the ARN (or what Image Builder
 * answers), each related resource, a pipeline's health (ten pipelines a call), each page of its
 * images and its latest image, each write, and a subscription's first read. It errs high (no cache, no deduplication across lists), except in two places where the
 * count depends on the service: it assumes list pages of USUAL_LIST_PAGE_SIZE rows, and one status
 * poll for each `wait: true` write (a wait polls until its request finishes, which may be at
 * once). The calls themselves are counted as they are made (loaders/upstream-budget.ts), which
 * holds the bound whatever the service's pages, and ends a wait whose polls would pass it.
 */
export function estimateUpstreamCalls(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
  defaultFirst: number,
): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const walk: Walk = {
    schema,
    fragments: new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d])),
    variables,
    defaultFirst,
    resources: new Set(),
    calls: 0,
  };
  const root = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() }[operation.operation];
  if (root) visitSelections(walk, operation.selectionSet, root, 1, new Set());
  return walk.resources.size + walk.calls;
}

function argumentsOf(walk: Walk, field: GraphQLField<unknown, unknown>, node: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(field, node, walk.variables);
  } catch {
    return {}; // execution will refuse these arguments itself
  }
}

/**
 * A node id costs what reading its node costs: a resource joins the distinct resources (under
 * the same `Type:arn` key a read by ARN gets), a request is one status read.
 */
function countNode(walk: Walk, globalID: unknown): void {
  const parsed = typeof globalID === 'string' ? parseGlobalID(globalID) : undefined;
  if (parsed?.typename === 'ResourceRequest') walk.calls += 1;
  else if (parsed) walk.resources.add(`${parsed.typename}:${parsed.id}`);
  // anything else is refused when its field runs, before any call
}

/** A waiting write's first status poll; its further polls are counted as they are made. */
const pollsOf = (args: Record<string, unknown>) => ((args.input as { wait?: unknown } | undefined)?.wait === true ? 1 : 0);

function visitSelections(walk: Walk, selectionSet: SelectionSetNode, type: GraphQLNamedType, rows: number, seen: Set<string>): void {
  // Batched reads already counted for this object (a pipeline's health fields share one read).
  const batches = new Set<string>();
  for (const { node, type: parent } of fieldsOf(walk, selectionSet, type, seen)) {
    if (!isObjectType(parent)) continue;
    const field = parent.getFields()[node.name.value];
    if (!field) continue;
    const args = argumentsOf(walk, field, node);
    // A negative `first` is refused when its field runs, but it must not lower the estimate for the rest.
    const first = typeof args.first === 'number' ? Math.max(0, args.first) : walk.defaultFirst;
    const fieldType = getNamedType(field.type);
    let childRows = rows;
    switch (`${parent.name}.${field.name}`) {
      case 'Query.node':
        countNode(walk, args.id);
        break;
      case 'Query.nodes':
        for (const id of (args.ids as unknown[] | undefined) ?? []) countNode(walk, id);
        break;
      case 'Query.imagePipelines':
        // Cloud Control's pages usually hold 25 rows; Image Builder's (a status filter) hold 25 as asked.
        walk.calls += Math.max(1, Math.ceil(first / USUAL_LIST_PAGE_SIZE));
        childRows = first;
        break;
      case 'Query.resourceRequests':
        walk.calls += 1;
        childRows = first;
        break;
      case 'Query.resourceRequest':
      case 'Subscription.resourceRequest': // its first status read; later polls are shared by every subscriber
      case 'Subscription.image': // likewise: its first GetImage
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
      case 'Mutation.startImagePipelineExecution':
      case 'Mutation.cancelImageCreation':
        walk.calls += 1;
        break;
      case 'ResourceRequest.imagePipeline':
      case 'ImagePipelineWritePayload.imagePipeline':
        walk.calls += rows;
        break;
      case 'ImagePipelineEdge.node':
      case 'ImagePipelineConnection.nodes':
        if (needsModel(walk, node.selectionSet, fieldType)) walk.calls += rows;
        break;
      default: {
        const cost = field.extensions?.[UPSTREAM_COST] as UpstreamCost | undefined;
        if (!cost) break;
        if ('byArn' in cost) walk.resources.add(`${cost.byArn}:${String(args.arn)}`);
        else if ('perRow' in cost) {
          walk.calls += rows * cost.perRow;
          childRows = rows * cost.perRow;
        } else if ('batch' in cost) {
          if (!batches.has(cost.batch)) walk.calls += Math.ceil(rows / cost.batchedPerRows);
          batches.add(cost.batch);
        } else {
          // Reading `first` items takes a page at least, and ends on the page that holds the last.
          walk.calls += rows * Math.max(1, Math.ceil(first / cost.pagedBy));
          childRows = rows * first;
        }
        break;
      }
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

  constructor(private readonly defaultFirst: number) {}

  of(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number {
    const operation = getOperationAST(document, operationName);
    if (!operation || (operation.variableDefinitions?.length ?? 0) > 0) return estimateUpstreamCalls(schema, document, operationName, variables, this.defaultFirst);
    let byOperation = this.byDocument.get(document);
    if (!byOperation) this.byDocument.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let estimate = byOperation.get(key);
    if (estimate === undefined) byOperation.set(key, (estimate = estimateUpstreamCalls(schema, document, operationName, variables, this.defaultFirst)));
    return estimate;
  }
}
