import type { CloudControl } from '../upstream/cloudcontrol/cloud-control';
import type { ResourceRequestState, WriteOperation } from '../upstream/cloudcontrol/progress';
import { waitForRequest } from '../upstream/cloudcontrol/wait';
import type { UpstreamBudget } from '../loaders/upstream-budget';

/** Image Builder's own writes, by their operation names: they start and stop image builds. */
export type ImageBuildWrite = 'StartImagePipelineExecution' | 'CancelImageCreation';

/** One write a request made: enough to find it again (its client token) and follow it (its request token, or the image it builds). */
export interface WriteRecord {
  operation: WriteOperation | ImageBuildWrite;
  region: string;
  /** The pipeline's ARN (the image's, for a cancel); null for a create not yet answered. */
  arn: string | null;
  clientToken: string;
  requestToken?: string;
  /** The image build a run started or a cancel stopped, once Image Builder answered. */
  imageBuildVersionArn?: string;
  /** `sending` until the service answers; `unknown` when the answer was lost and the write may have been applied. */
  outcome: 'sending' | 'accepted' | 'unknown' | 'refused';
}

export interface RequestWritesOptions {
  requestId: string;
  cloudControl: CloudControl;
  budget: UpstreamBudget;
  /** WRITE_WAIT_SECONDS, for all the request's waits together. */
  waitMs: number;
  pollIntervalMs: number;
  /** Aborted when the gateway shuts down: waits end at once, and answer with what they know. */
  shutdown: AbortSignal;
  /** Called once, at the request's first write (writes-in-flight.ts tracks it until its answer is sent). */
  onFirstWrite?: (writes: RequestWrites) => void;
}

/** A write's place in its request's order. */
export interface Turn {
  /** Resolves once every earlier write of the request was sent (or refused). */
  previous: Promise<void>;
  /** Lets the next write go; `settling` (a wait) holds back later writes to `pipeline` until it ends. */
  release(pipeline?: string, settling?: Promise<unknown>): void;
}

/** Where a request's first write starts: no earlier turn to wait for. */
const FIRST_TURN: Promise<void> = Promise.resolve();

/**
 * The writes of one request. Their order: each is checked and sent after every earlier write in
 * the document was sent, and after earlier writes to the same pipeline finished (Cloud Control
 * refuses a second write to a resource while one runs), so the mutation's side effects happen in
 * document order while its waits overlap (plugins/concurrent-writes.ts); and, as GraphQL runs a
 * mutation, none is sent after one failed with an error. Their waits: one deadline for all
 * (WRITE_WAIT_SECONDS for the request, from its first wait) and every poll counted against
 * MAX_UPSTREAM_KEYS. Their record: the client and request tokens, for the request's log line and
 * for the shutdown log when an answer cannot be delivered.
 */
export class RequestWrites {
  readonly records: WriteRecord[] = [];
  /** The last turn's promise; none until a write takes one (most requests only read). */
  private queue: Promise<void> | undefined;
  private settling: Map<string, Promise<unknown>> | undefined;
  private deadline: number | undefined;
  /** The error that stopped the mutation: the writes after it are not sent. */
  private stoppedBy: { path: string; message: string } | undefined;

  constructor(private readonly options: RequestWritesOptions) {}

  get requestId(): string {
    return this.options.requestId;
  }

  /**
   * Takes the next place in the order; must be called before the write's first await, so that
   * places follow the document (the executor calls the fields' resolvers in document order).
   */
  takeTurn(): Turn {
    const previous = this.queue ?? FIRST_TURN;
    let release!: () => void;
    this.queue = new Promise((resolve) => (release = resolve));
    return {
      previous,
      release: (pipeline, settling) => {
        if (pipeline && settling) (this.settling ??= new Map()).set(pipeline, settling);
        release();
      },
    };
  }

  /** Resolves once the request's earlier writes to this pipeline have finished waiting. */
  async settled(pipeline: string): Promise<void> {
    await this.settling?.get(pipeline)?.catch(() => undefined);
  }

  /**
   * A write failed with an error, which fails the whole mutation (its fields cannot be null):
   * graphql-js would not run the fields after it, so the writes after it are not sent either.
   */
  stop(path: string, error: Error): void {
    this.stoppedBy ??= { path, message: error.message };
  }

  /** Why this write must not be sent, when an earlier one stopped the mutation. */
  get stopped(): { path: string; message: string } | undefined {
    return this.stoppedBy;
  }

  record(write: Omit<WriteRecord, 'outcome'>): WriteRecord {
    const record: WriteRecord = { ...write, outcome: 'sending' };
    if (this.records.push(record) === 1) this.options.onFirstWrite?.(this);
    return record;
  }

  /** Follows an accepted write until it is final, the request's wait deadline, shutdown, or the budget's end. */
  follow(request: ResourceRequestState): Promise<ResourceRequestState> {
    const { cloudControl, budget, waitMs, pollIntervalMs, shutdown } = this.options;
    this.deadline ??= Date.now() + waitMs;
    return waitForRequest(cloudControl, request, {
      deadline: this.deadline,
      minIntervalMs: pollIntervalMs,
      signal: shutdown,
      mayPoll: () => budget.trySpend(),
    });
  }
}
