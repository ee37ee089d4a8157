export interface CallRecord {
  operation: string;
  region: string;
  identifier?: string;
  clientToken?: string;
  startedAt: number;
  endedAt: number;
  /** `ok`, the error's name, or `dropped` when the connection was cut or never answered. */
  outcome: string;
}

const MAX_RECORDS = 20_000;

/**
 * What the emulator was asked, for tests and benchmarks to count upstream calls and see whether
 * they overlapped. Counts are exact; only the most recent calls are kept in detail, so a long
 * soak does not grow the emulator's memory.
 */
export class CallLog {
  private records: CallRecord[] = [];
  private counts = new Map<string, number>();

  record(call: CallRecord): void {
    this.counts.set(call.operation, (this.counts.get(call.operation) ?? 0) + 1);
    this.records.push(call);
    if (this.records.length > MAX_RECORDS) this.records = this.records.slice(-MAX_RECORDS / 2);
  }

  count(operation?: string): number {
    if (operation) return this.counts.get(operation) ?? 0;
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  calls(operation?: string): CallRecord[] {
    return operation ? this.records.filter((call) => call.operation === operation) : [...this.records];
  }

  reset(): void {
    this.records = [];
    this.counts.clear();
  }

  toJSON() {
    return { counts: Object.fromEntries(this.counts), calls: this.records };
  }
}
