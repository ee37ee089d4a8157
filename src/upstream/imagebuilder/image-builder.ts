import {
  CancelImageCreationCommand,
  GetImageCommand,
  GetImagePipelineCommand,
  GetWorkflowCommand,
  type ImagebuilderClient,
  ListImagePipelineImagesCommand,
  ListImagePipelinesCommand,
  StartImagePipelineExecutionCommand,
} from '@aws-sdk/client-imagebuilder';
import { IMAGE_PIPELINE } from '../../resources/registry';
import { pipelineNameOfArn } from '../../resources/image-pipeline';
import type { Accounts } from '../accounts';
import type { UpstreamCalls } from '../calls';
import type { ServiceClients } from '../clients';
import type { Page } from '../cloudcontrol/cloud-control';
import { UpstreamError } from '../errors';
import type { ReadCache, ReadKey } from '../read-cache';
import type { Where } from '../where';
import { isFinalImageStatus } from './image-status';
import { healthOf, type ImageSummary, imageOf, type PipelineHealth, type WorkflowDetails, workflowOf } from './shapes';

/** The model's maximum of values in one filter (FilterValues), and of results a list page holds (RestrictedInteger). */
export const NAMES_PER_FILTER = 10;
export const IMAGES_PER_PAGE = 25;

export interface ImageFilter {
  names?: string[];
  versions?: string[];
}

/**
 * Told of each native call just before it is made (and may refuse it by throwing): a request
 * counts the calls it causes against its budget (MAX_UPSTREAM_KEYS), and a read the cache or a
 * call already in flight answers causes none.
 */
export type OnCall = (operation: string, region: string) => void;

export interface CallOptions {
  onCall?: OnCall;
}

/** One pipeline's health read, or why it could not be read: a batch of pipelines fails one filter's worth at a time. */
type HealthRead = { value: PipelineHealth | null } | { error: unknown };

export interface ImageBuilderDependencies {
  calls: UpstreamCalls;
  clients: ServiceClients<ImagebuilderClient>;
  accounts: Accounts;
  reads: ReadCache;
}

/**
 * EC2 Image Builder's own API, for what Cloud Control's configuration-only model does not hold:
 * a pipeline's health, its images, running it now. Reads are shared across requests like Cloud
 * Control's (the same read cache, under the account they are read as), and every call is made as
 * the account `where` names. Nothing above the upstream layer sees the SDK.
 */
export class ImageBuilder {
  constructor(private readonly deps: ImageBuilderDependencies) {}

  /**
   * The health of several pipelines of one account and region, in order; null for one that does
   * not exist. ListImagePipelines takes up to ten names in a filter, so n pipelines cost at most
   * ceil(n / 10) calls, made together: a pipeline's name is read from its ARN (lowercased there),
   * and one whose real name differs (capitals, spaces) is not in the filtered answer and is read
   * on its own. A call that fails fails only the pipelines it was asked about.
   */
  async pipelineHealth(where: Where, arns: readonly string[], options: CallOptions = {}): Promise<Promise<PipelineHealth | null>[]> {
    const scope = await this.scope(where);
    const keys = arns.map((arn): ReadKey => ({ scope, region: where.region, typeName: IMAGE_PIPELINE.typeName, kind: 'health', subject: arn, page: '' }));
    const reads = this.deps.reads.readMany<HealthRead>(
      keys,
      (missing) => this.readHealth(where, missing.map((key) => key.subject!), options),
      (read) => 'value' in read && read.value !== null,
    );
    return reads.map((read) =>
      read.then((settled) => {
        if ('error' in settled) throw settled.error;
        return settled.value;
      }),
    );
  }

  private async readHealth(where: Where, arns: string[], options: CallOptions): Promise<HealthRead[]> {
    const found = new Map<string, PipelineHealth>();
    const failed = new Map<string, unknown>();
    const names = [...new Set(arns.map(pipelineNameOfArn))];
    const filters: string[][] = [];
    for (let start = 0; start < names.length; start += NAMES_PER_FILTER) filters.push(names.slice(start, start + NAMES_PER_FILTER));
    await Promise.all(
      filters.map(async (values) => {
        try {
          let nextToken: string | undefined;
          do {
            const output = await this.call(
              'ListImagePipelines',
              where,
              (client, abortSignal) =>
                client.send(new ListImagePipelinesCommand({ filters: [{ name: 'name', values }], maxResults: IMAGES_PER_PAGE, nextToken }), { abortSignal }),
              options,
            );
            for (const pipeline of output.imagePipelineList ?? []) if (pipeline.arn) found.set(pipeline.arn, healthOf(pipeline));
            nextToken = output.nextToken || undefined;
          } while (nextToken);
        } catch (error) {
          for (const name of values) failed.set(name, error);
        }
      }),
    );
    return Promise.all(
      arns.map(async (arn): Promise<HealthRead> => {
        const name = pipelineNameOfArn(arn);
        if (failed.has(name)) return { error: failed.get(name) };
        const health = found.get(arn);
        if (health) return { value: health };
        try {
          return { value: await this.readOnePipeline(where, arn, options) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  private async readOnePipeline(where: Where, arn: string, options: CallOptions): Promise<PipelineHealth | null> {
    try {
      const output = await this.call(
        'GetImagePipeline',
        where,
        (client, abortSignal) => client.send(new GetImagePipelineCommand({ imagePipelineArn: arn }), { abortSignal }),
        options,
      );
      return output.imagePipeline ? healthOf(output.imagePipeline) : null;
    } catch (error) {
      if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
      throw error;
    }
  }

  /**
   * The pipelines of an account and region in one status, a page of the service's at a time:
   * Image Builder filters by status itself, where Cloud Control would need every model read.
   */
  async pipelinesByStatus(where: Where, status: string, nextToken: string | undefined, options: CallOptions = {}): Promise<Page<PipelineHealth>> {
    const scope = await this.scope(where);
    const key: ReadKey = { scope, region: where.region, typeName: IMAGE_PIPELINE.typeName, kind: `pipelines:${status}`, subject: null, page: nextToken ?? '' };
    return this.deps.reads.read(
      key,
      async () => {
        const output = await this.call(
          'ListImagePipelines',
          where,
          (client, abortSignal) =>
            client.send(new ListImagePipelinesCommand({ filters: [{ name: 'status', values: [status] }], maxResults: IMAGES_PER_PAGE, nextToken }), { abortSignal }),
          options,
        );
        return { items: (output.imagePipelineList ?? []).map(healthOf), nextToken: output.nextToken || undefined };
      },
      () => true,
    );
  }

  /** A page of a pipeline's images, newest first, as the service cut it; null when the pipeline does not exist. */
  async pipelineImages(where: Where, pipelineArn: string, filter: ImageFilter, nextToken: string | undefined, options: CallOptions = {}): Promise<Page<ImageSummary> | null> {
    const scope = await this.scope(where);
    const filters = [
      ...(filter.names?.length ? [{ name: 'name', values: filter.names }] : []),
      ...(filter.versions?.length ? [{ name: 'version', values: filter.versions }] : []),
    ];
    const key: ReadKey = {
      scope,
      region: where.region,
      typeName: IMAGE_PIPELINE.typeName,
      kind: `images:${JSON.stringify(filters)}`,
      subject: pipelineArn,
      page: nextToken ?? '',
    };
    return this.deps.reads.read(
      key,
      async () => {
        try {
          const output = await this.call(
            'ListImagePipelineImages',
            where,
            (client, abortSignal) =>
              client.send(
                new ListImagePipelineImagesCommand({ imagePipelineArn: pipelineArn, filters: filters.length ? filters : undefined, maxResults: IMAGES_PER_PAGE, nextToken }),
                { abortSignal },
              ),
            options,
          );
          return { items: (output.imageSummaryList ?? []).map(imageOf), nextToken: output.nextToken || undefined };
        } catch (error) {
          if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
          throw error;
        }
      },
      (page) => page !== null,
    );
  }

  /**
   * One image build by its ARN; null when it does not exist. `fresh` asks the service (never the
   * cache), for following a build as its state changes; a build seen final that way has changed
   * its pipeline's health and images, which are dropped from the read cache.
   */
  async image(where: Where, imageArn: string, options: CallOptions & { fresh?: boolean } = {}): Promise<ImageSummary | null> {
    const load = async () => {
      try {
        const output = await this.call(
          'GetImage',
          where,
          (client, abortSignal) => client.send(new GetImageCommand({ imageBuildVersionArn: imageArn }), { abortSignal }),
          options,
        );
        return output.image ? imageOf(output.image) : null;
      } catch (error) {
        if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
        throw error;
      }
    };
    if (options.fresh) {
      const image = await load();
      if (image?.pipelineArn && isFinalImageStatus(image.state.status)) this.deps.reads.invalidate(where.region, IMAGE_PIPELINE.typeName, image.pipelineArn);
      return image;
    }
    const scope = await this.scope(where);
    return this.deps.reads.read(
      { scope, region: where.region, typeName: IMAGE_PIPELINE.typeName, kind: 'image', subject: imageArn, page: '' },
      load,
      (image) => image !== null,
    );
  }

  /** A workflow's details, AWS-managed ones included (Cloud Control reads only an account's own); null when it does not exist. */
  async workflow(where: Where, workflowArn: string, options: CallOptions = {}): Promise<WorkflowDetails | null> {
    const scope = await this.scope(where);
    return this.deps.reads.read(
      { scope, region: where.region, typeName: 'AWS::ImageBuilder::Workflow', kind: 'workflow', subject: workflowArn, page: '' },
      async () => {
        try {
          const output = await this.call(
            'GetWorkflow',
            where,
            (client, abortSignal) => client.send(new GetWorkflowCommand({ workflowBuildVersionArn: workflowArn }), { abortSignal }),
            options,
          );
          return output.workflow ? workflowOf(output.workflow) : null;
        } catch (error) {
          if (error instanceof UpstreamError && error.awsErrorName === 'ResourceNotFoundException') return null;
          throw error;
        }
      },
      (workflow) => workflow !== null,
    );
  }

  /**
   * Runs a pipeline now. Idempotent by `clientToken`: the same token answers the same build.
   * What the run changes (the pipeline's health, its images) is dropped from the read cache.
   */
  async startExecution(where: Where, pipelineArn: string, clientToken: string, options: CallOptions = {}): Promise<{ imageBuildVersionArn: string; clientToken: string }> {
    try {
      const output = await this.call(
        'StartImagePipelineExecution',
        where,
        (client, abortSignal) => client.send(new StartImagePipelineExecutionCommand({ imagePipelineArn: pipelineArn, clientToken }), { abortSignal }),
        options,
      );
      return { imageBuildVersionArn: output.imageBuildVersionArn ?? '', clientToken: output.clientToken ?? clientToken };
    } finally {
      // Whatever the answer: a lost one may hide a run the service started.
      await this.deps.reads.invalidate(where.region, IMAGE_PIPELINE.typeName, pipelineArn);
    }
  }

  /** Cancels an image build still in progress. Idempotent by `clientToken`. */
  async cancelImageCreation(
    where: Where,
    imageArn: string,
    clientToken: string,
    pipelineArn: string | null,
    options: CallOptions = {},
  ): Promise<{ imageBuildVersionArn: string; clientToken: string }> {
    try {
      const output = await this.call(
        'CancelImageCreation',
        where,
        (client, abortSignal) => client.send(new CancelImageCreationCommand({ imageBuildVersionArn: imageArn, clientToken }), { abortSignal }),
        options,
      );
      return { imageBuildVersionArn: output.imageBuildVersionArn ?? imageArn, clientToken: output.clientToken ?? clientToken };
    } finally {
      await Promise.all([
        this.deps.reads.invalidate(where.region, IMAGE_PIPELINE.typeName, imageArn),
        pipelineArn ? this.deps.reads.invalidate(where.region, IMAGE_PIPELINE.typeName, pipelineArn) : undefined,
      ]);
    }
  }

  private async scope(where: Where): Promise<string> {
    await this.deps.accounts.credentialsFor(where.accountId);
    return this.deps.accounts.scopeNow(where.accountId) ?? this.deps.accounts.scopeOf(where.accountId);
  }

  private call<T>(operation: string, where: Where, send: (client: ImagebuilderClient, signal: AbortSignal) => Promise<T>, options: CallOptions): Promise<T> {
    try {
      options.onCall?.(operation, where.region);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.deps.calls.call('imagebuilder', operation, where, async (signal) => send(await this.deps.clients.get(where), signal));
  }
}
