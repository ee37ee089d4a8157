import type { OperationContext } from '../operation-context';
import { IMAGE_PIPELINE } from '../resources/type-names';
import { notFound } from './errors';
import { type Filter, filterBy } from './filters';
import { pageOf } from './paging';
import { pipelineView } from './pipeline-view';

/** An input already checked against the operation's input shape (checkInput in wire.ts): its members are of their shapes. */
type Input = Record<string, unknown>;

export function getImagePipeline(input: Input, { store, images, place, now }: OperationContext) {
  const arn = input.imagePipelineArn as string;
  const model = store.get(place, IMAGE_PIPELINE, arn);
  if (!model) throw notFound('image pipeline', arn);
  return { imagePipeline: pipelineView(model, place, store, images, now()) };
}

/** The account's pipelines in the region, in ARN order, filtered as documented. */
export function listImagePipelines(input: Input, { store, images, place, now }: OperationContext) {
  const filters = input.filters as Filter[] | undefined;
  const field = (name: string) => (view: Record<string, unknown>) => (view[name] === undefined ? [] : [view[name]]);
  const matches = filterBy(filters, {
    description: field('description'),
    distributionConfigurationArn: field('distributionConfigurationArn'),
    imageRecipeArn: field('imageRecipeArn'),
    infrastructureConfigurationArn: field('infrastructureConfigurationArn'),
    name: field('name'),
    status: field('status'),
  });
  const at = now();
  const views = store
    .identifiers(place, IMAGE_PIPELINE)
    .map((arn) => pipelineView(store.get(place, IMAGE_PIPELINE, arn)!, place, store, images, at))
    .filter(matches);
  const page = pageOf({
    ordered: views,
    keyOf: (view) => String(view.arn),
    inKeyOrder: true,
    list: ['ListImagePipelines', filters ?? []],
    maxResults: input.maxResults as number | undefined,
    nextToken: input.nextToken as string | undefined,
  });
  return { imagePipelineList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
