import type { ServerResponse } from 'node:http';

/** Which calls a hold keeps waiting; every given criterion must match, and an empty match holds every call. */
export interface HoldMatch {
  /** Operation names (`GetResource`). */
  operations?: string[];
  /** The calls' Identifier members. */
  identifiers?: string[];
  /** The signing name of the service called (`cloudcontrolapi`). */
  service?: string;
}

/**
 * A hold keeps matching calls waiting, unanswered, until it is released or their connection
 * closes: a test sees calls arrive and decides when they go on, instead of guessing how long
 * they take. Two calls held at once were in flight at once, whatever the machine's speed.
 */
export interface Hold {
  id: string;
  match: HoldMatch;
  /** The calls waiting on this hold now. */
  held(): number;
  /** Resolves once `count` calls wait at the same time; rejects, saying how many did, after `timeoutMs`. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** Lets every waiting call go on, and holds no more calls. */
  release(): void;
  released(): boolean;
}

export interface HeldCall {
  service: string;
  operation: string;
  identifier?: string;
}

const DEFAULT_WAIT_MS = 10_000;

class ActiveHold implements Hold {
  private readonly waiting = new Set<() => void>();
  private readonly watchers = new Set<() => void>();
  private isReleased = false;

  constructor(
    readonly id: string,
    readonly match: HoldMatch,
  ) {}

  matches(call: HeldCall): boolean {
    const { operations, identifiers, service } = this.match;
    return (
      !this.isReleased &&
      (service === undefined || service === call.service) &&
      (!operations?.length || operations.includes(call.operation)) &&
      (!identifiers?.length || (call.identifier !== undefined && identifiers.includes(call.identifier)))
    );
  }

  held(): number {
    return this.waiting.size;
  }

  released(): boolean {
    return this.isReleased;
  }

  /** Keeps a call waiting until the hold is released or the caller hangs up. */
  keep(response: ServerResponse): Promise<'released' | 'closed'> {
    return new Promise((resolve) => {
      const done = (outcome: 'released' | 'closed') => {
        this.waiting.delete(release);
        response.off('close', close);
        this.notify();
        resolve(outcome);
      };
      const release = () => done('released');
      const close = () => done('closed');
      this.waiting.add(release);
      response.once('close', close);
      this.notify();
    });
  }

  waitForHeld(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.held() < count) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`hold ${this.id} ${JSON.stringify(this.match)}: ${this.held()} of ${count} calls held after ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
      check();
    });
  }

  release(): void {
    this.isReleased = true;
    for (const release of [...this.waiting]) release();
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }
}

/** The emulator's holds, by id. */
export class Holds {
  private readonly holds = new Map<string, ActiveHold>();
  private next = 0;

  create(match: HoldMatch): Hold {
    const hold = new ActiveHold(`hold-${++this.next}`, match);
    this.holds.set(hold.id, hold);
    return hold;
  }

  get(id: string): Hold | undefined {
    return this.holds.get(id);
  }

  /** Waits while the first unreleased hold that matches keeps the call; `not-held` when none matches. */
  async wait(call: HeldCall, response: ServerResponse): Promise<'not-held' | 'released' | 'closed'> {
    const hold = [...this.holds.values()].find((candidate) => candidate.matches(call));
    return hold ? hold.keep(response) : 'not-held';
  }

  /** Lets every held call go and forgets every hold (a reset, or the emulator closing). */
  releaseAll(): void {
    for (const hold of this.holds.values()) hold.release();
    this.holds.clear();
  }
}
