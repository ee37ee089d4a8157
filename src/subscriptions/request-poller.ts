import { isFinal, type ResourceRequestState } from '../upstream/cloudcontrol/progress';
import { nextPollDelayMs } from '../upstream/cloudcontrol/wait';

/** What a followed request is known by; the one place that says so, so it can gain the account. */
export interface RequestTarget {
  accountId: string;
  region: string;
  requestToken: string;
}

export const requestKey = (target: RequestTarget): string => `${target.accountId}/${target.region}/${target.requestToken}`;

export interface RequestPollerOptions {
  /** One status read (GetResourceRequestStatus); null when the token is unknown. */
  read(target: RequestTarget): Promise<ResourceRequestState | null>;
  /** Told each state whose status differs from the one before: the event transport's input. */
  publish(key: string, state: ResourceRequestState): void;
  /** WRITE_POLL_MS: the shortest pause between two reads of one request. */
  minIntervalMs: number;
  /** Told how many requests are being polled, whenever that changes. */
  onActive?(count: number): void;
}

/** A subscriber's hold on a request: its state now, and the release that may stop the polling. */
export interface RequestLease {
  /** The last state read, or the first read's outcome; null: Cloud Control does not know the token. */
  current: Promise<ResourceRequestState | null>;
  release(): void;
}

interface Polled {
  holders: number;
  current: Promise<ResourceRequestState | null>;
  last: ResourceRequestState | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One poll loop per request however many subscribers follow it: the first lease starts it, the
 * last release stops it, and it stops by itself once the request is final (or unknown). It reads
 * at the pace Cloud Control's RetryAfter asks, never faster than WRITE_POLL_MS, and publishes a
 * state only when its status changed. It knows nothing of how states reach subscribers.
 */
export class RequestPoller {
  private readonly polled = new Map<string, Polled>();

  constructor(private readonly options: RequestPollerOptions) {}

  lease(target: RequestTarget): RequestLease {
    const key = requestKey(target);
    let entry = this.polled.get(key);
    if (!entry) {
      const created: Polled = { holders: 0, current: Promise.resolve(null), last: undefined, timer: undefined };
      created.current = this.poll(key, target, created, true);
      // The first read's failure is each holder's to see; a lease taken after it starts afresh.
      created.current.catch(() => {
        if (this.polled.get(key) === created) this.drop(key);
      });
      this.polled.set(key, (entry = created));
      this.options.onActive?.(this.polled.size);
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      current: entry.last ? Promise.resolve(entry.last) : entry.current,
      release: () => {
        if (released) return;
        released = true;
        if (--held.holders === 0 && this.polled.get(key) === held) this.drop(key);
      },
    };
  }

  private async poll(key: string, target: RequestTarget, entry: Polled, first: boolean): Promise<ResourceRequestState | null> {
    let read: ResourceRequestState | null | undefined;
    try {
      read = await this.options.read(target);
    } catch (error) {
      if (first) throw error;
    }
    if (this.polled.get(key) !== entry) return read ?? null; // every holder left while the read was out
    entry.timer = undefined;
    if (first && !read) return null; // an unknown token: nothing to follow
    // A failed read, or a token no longer known, changes nothing a subscriber knows: ask again at the usual pace.
    const state = read ?? entry.last!;
    if (state.status !== entry.last?.status) this.options.publish(key, state);
    entry.last = state;
    // Final: nothing more to read; holders still see the final state through their lease.
    if (!isFinal(state)) {
      entry.timer = setTimeout(() => void this.poll(key, target, entry, false), nextPollDelayMs(state, this.options.minIntervalMs));
    }
    return state;
  }

  private drop(key: string): void {
    const entry = this.polled.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.polled.delete(key);
    this.options.onActive?.(this.polled.size);
  }
}
