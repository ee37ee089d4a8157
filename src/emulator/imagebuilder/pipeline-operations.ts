import type { OperationContext } from '../operation-context';
import type { ResourceModel } from '../resources/handler-rules';
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

/**
 * The account's pipelines in the region, in ARN order, filtered as documented. The filters read
 * the model (each names a member the API takes from it), so only the page's pipelines are
 * built into full views, however many the region holds.
 */
export function listImagePipelines(input: Input, { store, images, place, now }: OperationContext) {
  const filters = input.filters as Filter[] | undefined;
  const property = (name: string) => (model: ResourceModel) => (model[name] === undefined ? [] : [model[name]]);
  const matches = filterBy(filters, {
    description: property('Description'),
    distributionConfigurationArn: property('DistributionConfigurationArn'),
    imageRecipeArn: property('ImageRecipeArn'),
    infrastructureConfigurationArn: property('InfrastructureConfigurationArn'),
    name: property('Name'),
    status: property('Status'),
  });
  const models = store.identifiers(place, IMAGE_PIPELINE).map((arn) => store.get(place, IMAGE_PIPELINE, arn)!).filter(matches);
  const page = pageOf({
    ordered: models,
    keyOf: (model) => String(model.Arn),
    inKeyOrder: true,
    list: ['ListImagePipelines', filters ?? []],
    maxResults: input.maxResults as number | undefined,
    nextToken: input.nextToken as string | undefined,
  });
  const at = now();
  return {
    imagePipelineList: page.items.map((model) => pipelineView(model, place, store, images, at)),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}
