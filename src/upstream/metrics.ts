import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { resourceTypeOf } from '../resources/registry';
import type { ReadSource } from './read-cache';
import type { Service, Where } from './where';

export interface UpstreamMetrics {
  observe(service: Service, operation: string, where: Where, outcome: string, seconds: number): void;
  /** A read the gateway needed, of which resource type, and whether a call, a call already in flight or the cache answered it. */
  observeRead(service: Service, operation: string, typeName: string, source: ReadSource): void;
  /** A lane's learned rate changed (undefined: the lane was forgotten). */
  observeLearnedRate?(service: Service, where: Where, ratePerSecond: number | undefined): void;
}

/**
 * Upstream calls by service, operation, region, account and outcome, and their latency, for
 * /metrics. Every label takes bounded values: regions are only those the gateway accepts, and an
 * account is named only when `accountLabel` knows it (the gateway's own and ACCOUNT_IDS), so a
 * caller cannot grow the series by sending made-up values.
 */
export function createUpstreamMetrics(registry: Registry, accountLabel: (accountId: string) => string = () => 'self'): UpstreamMetrics {
  const requests = new Counter({
    name: 'upstream_requests_total',
    help: 'AWS API calls made by the gateway (one per SDK command, retries included), by service, operation, region, account and outcome.',
    labelNames: ['service', 'operation', 'region', 'account', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'upstream_request_duration_seconds',
    help: 'Latency of AWS API calls, retries included.',
    labelNames: ['service', 'operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const reads = new Counter({
    name: 'upstream_reads_total',
    help: 'Reads the gateway needed, by service, operation, resource type and source: upstream (a call), in_flight (shared an identical call), cache or stale (CACHE_TTL_SECONDS); with REDIS_URL, shared (an answer another replica kept) or shared_in_flight (another replica\'s call).',
    labelNames: ['service', 'operation', 'resource', 'source'] as const,
    registers: [registry],
  });
  const learned = new Gauge({
    name: 'upstream_learned_rate',
    help: 'Calls per second the gateway keeps to in a lane (service, region, account) whose rate is not configured, as learned from the service\'s throttling; a lane has none until the service first throttles it.',
    labelNames: ['service', 'region', 'account'] as const,
    registers: [registry],
  });
  return {
    observe(service, operation, where, outcome, seconds) {
      requests.inc({ service, operation, region: where.region, account: accountLabel(where.accountId), outcome });
      duration.observe({ service, operation }, seconds);
    },
    observeRead(service, operation, typeName, source) {
      // The registry's names only, so a label never takes a caller's value.
      reads.inc({ service, operation, resource: resourceTypeOf(typeName)?.name ?? 'other', source });
    },
    observeLearnedRate(service, where, ratePerSecond) {
      const labels = { service, region: where.region, account: accountLabel(where.accountId) };
      if (ratePerSecond === undefined) learned.remove(labels);
      else learned.set(labels, ratePerSecond);
    },
  };
}
