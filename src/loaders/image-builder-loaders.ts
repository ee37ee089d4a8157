import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import type { Page } from '../upstream/cloudcontrol/cloud-control';
import type { ImageFilter } from '../upstream/imagebuilder/image-builder';
import type { ImageSummary, WorkflowDetails } from '../upstream/imagebuilder/shapes';

/** Something Image Builder knows by ARN, read as the account its ARN names (the own one for AWS's), in its region. */
export interface ArnKey {
  accountId: string;
  region: string;
  arn: string;
}

/** A page of a pipeline's images: which pipeline, under which filter, from which service token. */
export interface ImagePageKey extends ArnKey {
  filter: ImageFilter;
  token: string | undefined;
}

export interface ImageBuilderReaders {
  imagePage(key: ImagePageKey): Promise<Page<ImageSummary> | null>;
  image(key: ArnKey): Promise<ImageSummary | null>;
  workflow(key: ArnKey): Promise<WorkflowDetails | null>;
}

export interface ImageBuilderLoaders {
  /** ListImagePipelineImages pages; `images` and `latestImage` of one pipeline share its first page. */
  imagePages: DataLoader<ImagePageKey, Page<ImageSummary> | null, string>;
  /** GetImage, by build version ARN. */
  images: DataLoader<ArnKey, ImageSummary | null, string>;
  /** GetWorkflow, by ARN: every pipeline that names a workflow shares one read. */
  workflows: DataLoader<ArnKey, WorkflowDetails | null, string>;
}

const arnCacheKey = (key: ArnKey) => `${key.accountId}|${key.region}|${key.arn}`;

/**
 * Image Builder reads of one request, each deduplicated, and no more than `concurrency` in
 * flight at once between them (a 100-row list selecting each pipeline's latest image must not
 * open 100 calls at once).
 */
export function createImageBuilderLoaders(read: ImageBuilderReaders, concurrency: number): ImageBuilderLoaders {
  let limit: ReturnType<typeof pLimit> | undefined;
  const batch =
    <K, V>(load: (key: K) => Promise<V>) =>
    (keys: readonly K[]) => {
      limit ??= pLimit(concurrency);
      return Promise.all(keys.map((key) => limit!(() => load(key)).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
    };
  return {
    imagePages: new DataLoader(batch((key: ImagePageKey) => read.imagePage(key)), {
      cacheKeyFn: (key) => `${arnCacheKey(key)}|${JSON.stringify([key.filter.names ?? [], key.filter.versions ?? []])}|${key.token ?? ''}`,
    }),
    images: new DataLoader(batch((key: ArnKey) => read.image(key)), { cacheKeyFn: arnCacheKey }),
    workflows: new DataLoader(batch((key: ArnKey) => read.workflow(key)), { cacheKeyFn: arnCacheKey }),
  };
}
