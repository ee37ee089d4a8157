import type { ImageRecord } from '../image-store';
import type { OperationContext } from '../operation-context';
import type { Place } from '../resources/arns';
import { IMAGE_PIPELINE } from '../resources/type-names';
import { ImageBuilderError, notFound } from './errors';
import { type Filter, filterBy } from './filters';
import { imageDetail, imageSummary } from './image-view';
import { pageOf } from './paging';

/** An input already checked against the operation's input shape (checkInput in wire.ts): its members are of their shapes. */
type Input = Record<string, unknown>;

const mismatch = (token: string) => () =>
  new ImageBuilderError('IdempotentParameterMismatchException', `The client token ${token} was already used with different parameters.`);

/** A pipeline's images, newest first, filtered by name or version as documented. */
export function listImagePipelineImages(input: Input, { store, images, place }: OperationContext) {
  const pipelineArn = input.imagePipelineArn as string;
  if (!store.get(place, IMAGE_PIPELINE, pipelineArn)) throw notFound('image pipeline', pipelineArn);
  const filters = input.filters as Filter[] | undefined;
  const matches = filterBy<ImageRecord>(filters, {
    name: (image) => [image.facts.name],
    // The semantic version (`3.2.0`) or the build version (`3.2.0/4`).
    version: (image) => [image.facts.version, `${image.facts.version}/${image.build}`],
  });
  const page = pageOf({
    ordered: images.ofPipeline(place, pipelineArn).filter(matches),
    keyOf: (image) => image.arn,
    inKeyOrder: false,
    list: ['ListImagePipelineImages', pipelineArn, filters ?? []],
    maxResults: input.maxResults as number | undefined,
    nextToken: input.nextToken as string | undefined,
  });
  return { imageSummaryList: page.items.map(imageSummary), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** `…:image/name/1.2.3/4` is that build; `…:image/name/1.2.3` or `…/1.x.x` the newest build of a version that matches. */
function findImage(images: OperationContext['images'], place: Place, arn: string): ImageRecord | undefined {
  const exact = images.get(place, arn);
  if (exact) return exact;
  const version = /^(.*:image\/[^/]+)\/([0-9x]+)\.([0-9x]+)\.([0-9x]+)$/.exec(arn);
  if (!version) return undefined;
  const [, prefix, ...wanted] = version as unknown as [string, string, string, string, string];
  return images
    .all()
    .filter((image) => image.account === place.account && image.region === place.region && image.arn.startsWith(`${prefix}/`))
    .filter((image) => image.facts.version.split('.').every((part, index) => wanted[index] === 'x' || wanted[index] === part))
    .sort((a, b) => b.createdAt - a.createdAt || b.build - a.build)[0];
}

export function getImage(input: Input, { images, place }: OperationContext) {
  const arn = input.imageBuildVersionArn as string;
  const image = findImage(images, place, arn);
  if (!image) throw notFound('image', arn);
  return { image: imageDetail(image) };
}

/**
 * Runs a pipeline now (a USER_INITIATED build). The client token makes it idempotent: the same
 * token and parameters answer with the same image and start nothing; the same token with other
 * parameters is IdempotentParameterMismatchException.
 */
export function startImagePipelineExecution(input: Input, { store, images, place, takeBuildFailure }: OperationContext) {
  const pipelineArn = input.imagePipelineArn as string;
  const clientToken = input.clientToken as string;
  const tags = input.tags as Record<string, string> | undefined;
  const imageArn = images.once(
    place,
    'StartImagePipelineExecution',
    clientToken,
    [pipelineArn, tags ?? null],
    () => {
      if (!store.get(place, IMAGE_PIPELINE, pipelineArn)) throw notFound('image pipeline', pipelineArn);
      return images.start({ place, pipelineArn, buildType: 'USER_INITIATED', tags, failure: takeBuildFailure() }).arn;
    },
    mismatch(clientToken),
  );
  return { clientToken, imageBuildVersionArn: imageArn };
}

/** Cancels a build in progress; one that has ended cannot be cancelled. Idempotent by client token, as StartImagePipelineExecution. */
export function cancelImageCreation(input: Input, { images, place }: OperationContext) {
  const imageArn = input.imageBuildVersionArn as string;
  const clientToken = input.clientToken as string;
  images.once(
    place,
    'CancelImageCreation',
    clientToken,
    [imageArn],
    () => {
      const image = images.get(place, imageArn);
      if (!image) throw notFound('image', imageArn);
      if (!images.cancel(image)) {
        throw new ImageBuilderError('InvalidRequestException', `The image ${imageArn} is ${image.status}: only an image whose creation is in progress can be cancelled.`);
      }
      return true;
    },
    mismatch(clientToken),
  );
  return { clientToken, imageBuildVersionArn: imageArn };
}
