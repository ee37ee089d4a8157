export interface CallRecord {
  /** The signing name of the service called (`cloudcontrolapi`, `imagebuilder`, `sts`). */
  service: string;
  operation: string;
  region: string;
  /** The account the call acted in: the one its access key belongs to (accounts.ts). */
  account: string;
  /** The access key id that signed the call. */
  accessKeyId: string;
  typeName?: string;
  identifier?: string;
  clientToken?: string;
  startedAt: number;
  /** Null while the call is in flight (held, or waiting out its latency). */
  endedAt: number | null;
  /** `in-flight`, then `ok`, the error's name, or `dropped` when the connection was cut or never answered. */
  outcome: string;
}

export type CallStart = Omit<CallRecord, 'endedAt' | 'outcome'>;

const MAX_RECORDS = 20_000;

/**
 * What the emulator was asked, for tests and benchmarks to count upstream calls and see whether
 * they overlapped. A call is recorded when it arrives, and completed when it is answered. Counts
 * are exact; only the most recent calls are kept in detail, so a long soak does not grow the
 * emulator's memory.
 */
export class CallLog {
  private records: CallRecord[] = [];
  private counts = new Map<string, number>();
  /** Calls of each operation arrived and not yet answered, and the most there ever were at once. */
  private inFlight = new Map<string, number>();
  private peaks = new Map<string, number>();

  /** Records a call as it arrives; the returned function records how it ended. */
  start(call: CallStart): (outcome: string) => void {
    const record: CallRecord = { ...call, endedAt: null, outcome: 'in-flight' };
    this.counts.set(call.operation, (this.counts.get(call.operation) ?? 0) + 1);
    const inFlight = (this.inFlight.get(call.operation) ?? 0) + 1;
    this.inFlight.set(call.operation, inFlight);
    this.peaks.set(call.operation, Math.max(inFlight, this.peaks.get(call.operation) ?? 0));
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS / 2);
    let ended = false;
    return (outcome) => {
      if (!ended) this.inFlight.set(call.operation, (this.inFlight.get(call.operation) ?? 1) - 1);
      ended = true;
      record.endedAt = Date.now();
      record.outcome = outcome;
    };
  }

  count(operation?: string): number {
    if (operation) return this.counts.get(operation) ?? 0;
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  /**
   * The most calls of an operation that were ever in flight at once (arrived, not yet answered),
   * counted as they come and go: exact where millisecond timestamps would tie.
   */
  peakInFlight(operation: string): number {
    return this.peaks.get(operation) ?? 0;
  }

  calls(operation?: string): CallRecord[] {
    return operation ? this.records.filter((call) => call.operation === operation) : [...this.records];
  }

  reset(): void {
    this.records = [];
    this.counts.clear();
    // Calls still in flight stay counted, so their answers do not take the count below zero.
    this.peaks = new Map([...this.inFlight].filter(([, count]) => count > 0));
  }

  toJSON() {
    return { counts: Object.fromEntries(this.counts), calls: this.records };
  }
}
