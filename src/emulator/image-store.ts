import { createHash } from 'node:crypto';
import { arnName, imageBuilderArn, type Place } from './resources/arns';
import type { ResourceModel } from './resources/handler-rules';
import { DISTRIBUTION_CONFIGURATION, IMAGE_PIPELINE, INFRASTRUCTURE_CONFIGURATION } from './resources/type-names';
import { recipeFactsOf, type RecipeFacts } from './imagebuilder/recipe-facts';
import type { ResourceStore } from './store';

/** The states a build passes through (the model's ImageStatus values the emulator uses). */
export type ImageStatus = 'PENDING' | 'BUILDING' | 'TESTING' | 'DISTRIBUTING' | 'AVAILABLE' | 'FAILED' | 'CANCELLED';
export type TerminalStatus = 'AVAILABLE' | 'FAILED' | 'CANCELLED';
export const TERMINAL_STATUSES: readonly TerminalStatus[] = ['AVAILABLE', 'FAILED', 'CANCELLED'];
/** The steps a build can fail in. */
export const FAILING_STEPS = ['BUILDING', 'TESTING', 'DISTRIBUTING'] as const;

/** How a build started: by hand (StartImagePipelineExecution) or by the pipeline's schedule. */
export type BuildType = 'USER_INITIATED' | 'SCHEDULED';

/** A build made to fail (the `failBuilds` fault): the reason its state gives, and the step it fails in (BUILDING unless said). */
export interface BuildFailure {
  reason: string;
  during?: (typeof FAILING_STEPS)[number];
}

export interface OutputResources {
  amis?: { region: string; image: string; name: string; description?: string; state: { status: 'AVAILABLE' }; accountId: string }[];
  containers?: { region: string; imageUris: string[] }[];
}

/** One image build: the image Image Builder creates when a pipeline runs, and where its build stands. */
export interface ImageRecord {
  /** The build version ARN, `…:image/{name}/{version}/{build}`. */
  arn: string;
  account: string;
  region: string;
  pipelineArn: string;
  /** What the build was made with, as the pipeline and its resources were when it started. */
  pipeline: ResourceModel;
  facts: RecipeFacts;
  infrastructure?: ResourceModel;
  distribution?: ResourceModel;
  build: number;
  buildType: BuildType;
  tags: Record<string, string>;
  status: ImageStatus;
  reason?: string;
  createdAt: number;
  finishedAt?: number;
  /** The states still to come, in order: AVAILABLE last, or FAILED when the build is to fail. */
  remaining: ImageStatus[];
  /** When the build moves to its next state on its own (advance() moves it sooner). */
  nextStepAt: number;
  /** The failure it was given when it started, if any: its reason is the image's once it fails. */
  failure?: BuildFailure;
  outputResources: OutputResources;
}

/** A pipeline's run history, beside its model: what the Image Builder API reports of its health. */
interface RunState {
  consecutiveFailures: number;
  /** When consecutiveFailures last changed; a configuration update after it resets the count. */
  countedAt: number;
  /** When the pipeline last started a build: the API no longer returns it (dateLastRun), the store keeps it (health()). */
  lastRunAt?: number;
}

export interface PipelineHealth {
  consecutiveFailures: number;
  lastRunStatus?: ImageStatus;
  lastRunAt?: number;
}

export interface StartedRun {
  place: Place;
  pipelineArn: string;
  buildType: BuildType;
  tags?: Record<string, string>;
  failure?: BuildFailure;
  /** When the run starts (now unless given: the demo data's history). */
  at?: number;
}

const CANCELLED_REASON = 'Image creation was cancelled by the user.';

const keyOf = (place: Place, arn: string) => JSON.stringify([place.account, place.region, arn]);
const isTerminal = (status: ImageStatus): status is TerminalStatus => (TERMINAL_STATUSES as readonly ImageStatus[]).includes(status);

/**
 * The images of every pipeline, and the run state Image Builder keeps beside each pipeline's
 * model, over the same ResourceStore the Cloud Control side writes: a build reads the pipeline,
 * recipe, infrastructure and distribution the store holds when it starts. Builds move lazily, as
 * write requests do: every call first settles the steps whose time has come, in order, so a
 * client sees what timers would give without timers.
 */
export class ImageStore {
  private readonly images = new Map<string, ImageRecord>();
  private readonly runs = new Map<string, RunState>();
  private readonly clientTokens = new Map<string, { fingerprint: string; value: unknown }>();

  constructor(
    private readonly store: ResourceStore,
    private readonly stepMs: () => number,
    private readonly now: () => number,
  ) {}

  clear(): void {
    this.images.clear();
    this.runs.clear();
    this.clientTokens.clear();
  }

  /**
   * Starts a build of a pipeline the store holds: PENDING, numbered after the builds of the same
   * recipe version in the account and region, each state lasting `stepMs`.
   */
  start(run: StartedRun): ImageRecord {
    const { place, pipelineArn } = run;
    const pipeline = this.store.get(place, IMAGE_PIPELINE, pipelineArn);
    if (!pipeline) throw new Error(`no pipeline ${pipelineArn} in ${place.account} ${place.region}`);
    const at = run.at ?? this.now();
    const facts = recipeFactsOf(this.store, place, pipeline);
    // A pipeline whose recipe the account does not hold (Cloud Control does not check references) cannot build.
    const failure = run.failure ?? (facts.recipe ? undefined : { reason: `The recipe ${facts.recipeArn} does not exist.` });
    const versionArn = imageBuilderArn(place, `image/${arnName(facts.name)}/${facts.version}`);
    const build = 1 + Math.max(0, ...[...this.images.values()].filter((image) => image.arn.startsWith(`${versionArn}/`)).map((image) => image.build));
    const image: ImageRecord = {
      arn: `${versionArn}/${build}`,
      account: place.account,
      region: place.region,
      pipelineArn,
      pipeline: structuredClone(pipeline),
      facts,
      infrastructure: this.related(place, INFRASTRUCTURE_CONFIGURATION, pipeline.InfrastructureConfigurationArn),
      distribution: this.related(place, DISTRIBUTION_CONFIGURATION, pipeline.DistributionConfigurationArn),
      build,
      buildType: run.buildType,
      tags: { ...(pipeline.ImageTags as Record<string, string> | undefined), ...run.tags },
      status: 'PENDING',
      createdAt: at,
      remaining: plan(pipeline, failure),
      nextStepAt: at + this.stepMs(),
      outputResources: facts.type === 'DOCKER' ? { containers: [] } : { amis: [] },
    };
    if (failure) image.failure = failure;
    this.images.set(keyOf(place, image.arn), image);
    this.runState(place, pipelineArn).lastRunAt = at;
    return image;
  }

  private related(place: Place, typeName: string, arn: unknown): ResourceModel | undefined {
    const model = typeof arn === 'string' ? this.store.get(place, typeName, arn) : undefined;
    return model && structuredClone(model);
  }

  /** Moves every build whose next state is due, in the order they were due, as a clock would have. */
  settle(): void {
    const now = this.now();
    for (;;) {
      const due = [...this.images.values()].filter((image) => !isTerminal(image.status) && image.nextStepAt <= now).sort((a, b) => a.nextStepAt - b.nextStepAt);
      if (due.length === 0) return;
      this.step(due[0]!, due[0]!.nextStepAt);
    }
  }

  /**
   * Moves builds in progress on now, whatever their pace: every one, or the one with this ARN
   * (an unknown ARN throws), by `steps` states or to their end. Returns the builds it moved.
   */
  advance(imageArn?: string, steps = Infinity): ImageRecord[] {
    if (imageArn !== undefined && !this.all().some((image) => image.arn === imageArn)) throw new Error(`no image ${imageArn}`);
    this.settle();
    const chosen = this.all().filter((image) => !isTerminal(image.status) && (imageArn === undefined || image.arn === imageArn));
    const now = this.now();
    for (const image of chosen) {
      for (let taken = 0; taken < steps && !isTerminal(image.status); taken++) this.step(image, now);
    }
    return chosen;
  }

  /** Ends a build in progress as CANCELLED; one already ended is left as it is (false). */
  cancel(image: ImageRecord): boolean {
    if (isTerminal(image.status)) return false;
    image.remaining = [];
    image.reason = CANCELLED_REASON;
    this.finish(image, 'CANCELLED', this.now());
    return true;
  }

  /** Ends a build at once in the given state: the demo data's history, written as it would have happened. */
  end(image: ImageRecord, status: TerminalStatus, at: number, reason?: string): void {
    image.remaining = [];
    image.reason = reason ?? (status === 'CANCELLED' ? CANCELLED_REASON : undefined);
    this.finish(image, status, at);
  }

  /** Holds a build in its current state until `at` (the demo data's build in progress). */
  holdUntil(image: ImageRecord, status: ImageStatus, at: number): void {
    image.remaining = image.remaining.slice(image.remaining.indexOf(status) + 1);
    image.status = status;
    image.nextStepAt = at;
  }

  private step(image: ImageRecord, at: number): void {
    const next = image.remaining.shift()!;
    if (isTerminal(next)) this.finish(image, next, at);
    else {
      image.status = next;
      image.nextStepAt = at + this.stepMs();
    }
  }

  /**
   * A build's end, and what it does to its pipeline by the model's rules for consecutiveFailures:
   * a success resets the count; a failed scheduled run adds one, and disables the pipeline when
   * the count reaches its AutoDisablePolicy's FailureCount; a failed manual run (or a cancelled
   * one) leaves it as it is. A configuration update resets it too (see health()).
   */
  private finish(image: ImageRecord, status: TerminalStatus, at: number): void {
    image.status = status;
    image.finishedAt = at;
    if (status === 'AVAILABLE') image.outputResources = outputResourcesOf(image, at);
    if (status === 'FAILED') image.reason ??= image.failure?.reason ?? 'The build failed.';
    const place = { account: image.account, region: image.region };
    const state = this.runState(place, image.pipelineArn);
    const count = this.health(place, image.pipelineArn).consecutiveFailures;
    if (status === 'AVAILABLE') Object.assign(state, { consecutiveFailures: 0, countedAt: at });
    if (status === 'FAILED' && image.buildType === 'SCHEDULED') {
      Object.assign(state, { consecutiveFailures: count + 1, countedAt: at });
      this.autoDisable(place, image.pipelineArn, count + 1, at);
    }
  }

  private autoDisable(place: Place, pipelineArn: string, failures: number, at: number): void {
    const pipeline = this.store.get(place, IMAGE_PIPELINE, pipelineArn);
    const limit = ((pipeline?.Schedule as ResourceModel | undefined)?.AutoDisablePolicy as ResourceModel | undefined)?.FailureCount;
    if (!pipeline || typeof limit !== 'number' || failures < limit || pipeline.Status === 'DISABLED') return;
    // The service disabling a pipeline is not a configuration update: the count stays (countedAt is not before it).
    this.store.put(place, IMAGE_PIPELINE, pipelineArn, { ...pipeline, Status: 'DISABLED' }, { updatedAt: at });
  }

  private runState(place: Place, pipelineArn: string): RunState {
    const key = keyOf(place, pipelineArn);
    let state = this.runs.get(key);
    if (!state) this.runs.set(key, (state = { consecutiveFailures: 0, countedAt: -Infinity }));
    return state;
  }

  /** A pipeline's health as the API reports it: failures counted since its configuration last changed, and its newest build's state. */
  health(place: Place, pipelineArn: string): PipelineHealth {
    const state = this.runs.get(keyOf(place, pipelineArn));
    const dates = this.store.datesOf(place, IMAGE_PIPELINE, pipelineArn);
    const updatedSince = dates !== undefined && state !== undefined && dates.updatedAt > state.countedAt;
    const newest = this.ofPipeline(place, pipelineArn).find((image) => dates === undefined || image.createdAt >= dates.createdAt);
    return {
      consecutiveFailures: state && !updatedSince ? state.consecutiveFailures : 0,
      ...(newest ? { lastRunStatus: newest.status } : {}),
      ...(state?.lastRunAt === undefined ? {} : { lastRunAt: state.lastRunAt }),
    };
  }

  get(place: Place, imageArn: string): ImageRecord | undefined {
    return this.images.get(keyOf(place, imageArn));
  }

  /** A pipeline's images, newest first. */
  ofPipeline(place: Place, pipelineArn: string): ImageRecord[] {
    return this.all()
      .filter((image) => image.account === place.account && image.region === place.region && image.pipelineArn === pipelineArn)
      .sort((a, b) => b.createdAt - a.createdAt || b.build - a.build);
  }

  /** Every image of every account and region, oldest first. */
  all(): ImageRecord[] {
    return [...this.images.values()].sort((a, b) => a.createdAt - b.createdAt || a.build - b.build);
  }

  /**
   * Idempotency by client token, per account, region and operation: the same token with the same
   * parameters gets the first call's answer; with other parameters, `mismatch` is thrown.
   */
  once<T>(place: Place, operation: string, token: string, parameters: unknown, run: () => T, mismatch: () => Error): T {
    const key = JSON.stringify([place.account, place.region, operation, token]);
    const fingerprint = createHash('sha256').update(JSON.stringify(parameters)).digest('hex');
    const previous = this.clientTokens.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) throw mismatch();
      return previous.value as T;
    }
    const value = run();
    this.clientTokens.set(key, { fingerprint, value });
    return value;
  }
}

/** The states of a build: tests only when the pipeline runs them; a build made to fail ends FAILED after the step it fails in. */
function plan(pipeline: ResourceModel, failure: BuildFailure | undefined): ImageStatus[] {
  const tests = (pipeline.ImageTestsConfiguration as ResourceModel | undefined)?.ImageTestsEnabled !== false;
  const steps: ImageStatus[] = ['BUILDING', ...(tests ? (['TESTING'] as const) : []), 'DISTRIBUTING'];
  if (!failure) return [...steps, 'AVAILABLE'];
  const failingAt = steps.indexOf(failure.during ?? 'BUILDING');
  return [...steps.slice(0, failingAt < 0 ? 1 : failingAt + 1), 'FAILED'];
}

/** `{{ imagebuilder:buildDate }}` in an AMI name, as Image Builder renders it (an ISO date with dashes for colons). */
const buildDate = (at: number) => new Date(at).toISOString().replace(/:/g, '-');

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length);

/** What a finished build produced: an AMI in each region its distribution names (or its own), or the container image in each repository. */
function outputResourcesOf(image: ImageRecord, at: number): OutputResources {
  const distributions = ((image.distribution?.Distributions as ResourceModel[] | undefined) ?? []).filter((entry) => typeof entry.Region === 'string');
  if (image.facts.type === 'DOCKER') {
    const own = image.facts.recipe?.TargetRepository as ResourceModel | undefined;
    const targets = [
      { region: image.region, repository: own?.RepositoryName },
      ...distributions.map((entry) => ({
        region: String(entry.Region),
        repository: ((entry.ContainerDistributionConfiguration as ResourceModel | undefined)?.TargetRepository as ResourceModel | undefined)?.RepositoryName,
      })),
    ].filter((target, index, all) => typeof target.repository === 'string' && all.findIndex((other) => other.region === target.region) === index);
    return {
      containers: targets.map(({ region, repository }) => ({
        region,
        imageUris: [`${image.account}.dkr.ecr.${region}.amazonaws.com/${String(repository)}:${image.facts.version}-${image.build}`],
      })),
    };
  }
  const regions = distributions.length > 0 ? distributions : [{ Region: image.region }];
  return {
    amis: regions.map((entry) => {
      const configured = (entry.AmiDistributionConfiguration as ResourceModel | undefined)?.Name;
      const name = typeof configured === 'string' ? configured.replace(/\{\{\s*imagebuilder:buildDate\s*\}\}/g, buildDate(at)) : `${image.facts.name} ${buildDate(at)}`;
      return {
        region: String(entry.Region),
        image: `ami-${hex(`${image.arn} ${String(entry.Region)}`, 17)}`,
        name,
        state: { status: 'AVAILABLE' as const },
        accountId: image.account,
      };
    }),
  };
}
