import { TokenBucket } from 'limiter';

export interface PacingOptions {
  /** Calls a second per region, the account's Cloud Control quota. */
  ratePerSecond: number;
  /** Calls let through at once after a quiet spell. */
  burst: number;
}

/**
 * Keeps the gateway's calls within Cloud Control's rate per region, in the order they were
 * made. Throttling is far dearer than waiting: a throttled call comes back only to be retried
 * after a backoff of up to seconds, and a call throttled on every attempt fails its field.
 */
export class RegionPacing {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly options: PacingOptions) {}

  async take(region: string): Promise<void> {
    let bucket = this.buckets.get(region);
    if (!bucket) {
      bucket = new TokenBucket({ bucketSize: this.options.burst, tokensPerInterval: this.options.ratePerSecond, interval: 'second' });
      // A new bucket starts empty; the service's starts full.
      bucket.content = this.options.burst;
      this.buckets.set(region, bucket);
    }
    await bucket.removeTokens(1);
  }
}
