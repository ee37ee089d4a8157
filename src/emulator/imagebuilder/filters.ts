import { ImageBuilderError } from './errors';

/** A list operation's `filters`: `[{ name, values }]` (the model's FilterList: 1–10 filters of 1–10 values each). */
export interface Filter {
  name: string;
  values: string[];
}

/**
 * A predicate for the filters a list operation documents (ListImagePipelines: description,
 * distributionConfigurationArn, imageRecipeArn, infrastructureConfigurationArn, name, status;
 * ListImagePipelineImages: name, version). An item matches when, for every filter, one of the
 * values equals what `valuesOf` gives for that name (values are case-sensitive, as documented);
 * a filter name the operation does not document is an InvalidParameterValueException.
 */
export function filterBy<T>(filters: Filter[] | undefined, documented: Record<string, (item: T) => readonly unknown[]>): (item: T) => boolean {
  for (const { name } of filters ?? []) {
    if (!Object.prototype.hasOwnProperty.call(documented, name)) {
      throw new ImageBuilderError('InvalidParameterValueException', `The filter name ${name} is not valid. Valid filters: ${Object.keys(documented).join(', ')}.`);
    }
  }
  return (item) => (filters ?? []).every(({ name, values }) => documented[name]!(item).some((value) => values.includes(value as string)));
}
