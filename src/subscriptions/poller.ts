/** What a poller needs to know of the things it follows and their states. */
export interface PollerOptions<Target, State> {
  /** The one name of a followed thing: subscribers to it share one poll loop and one topic. */
  key(target: Target): string;
  /** One read of its state; null when the service does not know it. */
  read(target: Target): Promise<State | null>;
  /** Told each state that `changed` from the one before: the event transport's input. */
  publish(key: string, state: State): void;
  /** Whether a subscriber must be told of `next` after `previous` (its status changed). */
  changed(previous: State, next: State): boolean;
  /** Whether the state can no longer change: polling stops. */
  isFinal(state: State): boolean;
  /** How long to wait before reading again after this state. */
  delayMs(state: State): number;
  /** Told how many things are being polled, whenever that changes. */
  onActive?(count: number): void;
}

/** A subscriber's hold on a followed thing: its state now, and the release that may stop the polling. */
export interface Lease<State> {
  /** The last state read, or the first read's outcome; null: the service does not know it. */
  current: Promise<State | null>;
  release(): void;
}

interface Polled<State> {
  holders: number;
  current: Promise<State | null>;
  last: State | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One poll loop per followed thing (a write request, an image build) however many subscribers
 * follow it: the first lease starts it, the last release stops it, and it stops by itself once
 * the state is final (or the thing unknown). It publishes a state only when it changed. It knows
 * nothing of how states reach subscribers.
 */
export class Poller<Target, State> {
  private readonly polled = new Map<string, Polled<State>>();

  constructor(private readonly options: PollerOptions<Target, State>) {}

  lease(target: Target): Lease<State> {
    const key = this.options.key(target);
    let entry = this.polled.get(key);
    if (!entry) {
      const created: Polled<State> = { holders: 0, current: Promise.resolve(null), last: undefined, timer: undefined };
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

  private async poll(key: string, target: Target, entry: Polled<State>, first: boolean): Promise<State | null> {
    let read: State | null | undefined;
    try {
      read = await this.options.read(target);
    } catch (error) {
      if (first) throw error;
    }
    if (this.polled.get(key) !== entry) return read ?? null; // every holder left while the read was out
    entry.timer = undefined;
    if (first && !read) return null; // unknown: nothing to follow
    // A failed read, or a thing no longer known, changes nothing a subscriber knows: ask again at the usual pace.
    const state = read ?? entry.last!;
    if (!entry.last || this.options.changed(entry.last, state)) this.options.publish(key, state);
    entry.last = state;
    // Final: nothing more to read; holders still see the final state through their lease.
    if (!this.options.isFinal(state)) {
      entry.timer = setTimeout(() => void this.poll(key, target, entry, false), this.options.delayMs(state));
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
