import { StandardRetryStrategy } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from '@aws-sdk/types';

/**
 * The SDK's standard retries (backoff, retry quota) for every retryable error but throttling,
 * which is answered at once for the gateway's learning pace to take back (UpstreamCalls): a
 * throttled call then waits for a turn at the rate the throttle taught, instead of sleeping a
 * blind backoff and coming back at a rate nobody lowered.
 */
export class RetryAllButThrottling implements RetryStrategyV2 {
  readonly mode = 'standard';
  private readonly standard: StandardRetryStrategy;

  constructor(maxAttempts: number) {
    this.standard = new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: StandardRetryToken, errorInfo: RetryErrorInfo): Promise<StandardRetryToken> {
    // Refusing a token makes the SDK answer with the error itself.
    if (errorInfo.errorType === 'THROTTLING') return Promise.reject(new Error('a throttled call is retried through the pace'));
    return this.standard.refreshRetryTokenForRetry(token, errorInfo);
  }

  recordSuccess(token: StandardRetryToken): void {
    this.standard.recordSuccess(token);
  }
}
