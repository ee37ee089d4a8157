import type { ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { RequestWrites } from './request-writes';

/**
 * The requests with writes whose answers are still on their way, across the process. An answer
 * that cannot be delivered (the client went away, or shutdown cut the connection) is logged with
 * every write's client token and, when known, its request token: without it, a caller that let
 * the gateway choose the client token could not retry safely, and nobody could follow the write.
 */
export class WritesInFlight {
  private readonly open = new Set<RequestWrites>();
  private readonly reported = new WeakSet<RequestWrites>();

  constructor(private readonly logger: Logger) {}

  /** Tracks a request's writes until its response has been sent, or its connection closed without it. */
  track(writes: RequestWrites, response: ServerResponse | undefined): void {
    if (!response) return;
    this.open.add(writes);
    response.once('close', () => {
      this.open.delete(writes);
      if (!response.writableFinished) this.report(writes, 'the connection closed before the answer was sent');
    });
  }

  /** Logs every write whose answer has not been sent yet: at the shutdown bound, before the connections are cut. */
  reportUnanswered(reason: string): void {
    for (const writes of this.open) this.report(writes, reason);
  }

  private report(writes: RequestWrites, reason: string): void {
    if (this.reported.has(writes)) return;
    this.reported.add(writes);
    this.logger.warn(
      { requestId: writes.requestId, writes: writes.records },
      `The answer to ${writes.records.length === 1 ? 'a write' : `${writes.records.length} writes`} was not delivered (${reason}): ` +
        'repeat each mutation with its clientToken to learn its outcome safely, or follow its requestToken.',
    );
  }
}
