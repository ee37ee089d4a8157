import { Counter, Histogram, type Registry } from 'prom-client';
import { resourceTypeOf } from '../resources/registry';
import type { ReadSource } from './read-cache';

export interface CloudControlMetrics {
  observe(operation: string, region: string, outcome: string, seconds: number): void;
  /** A read the gateway needed, of which resource type, and whether a call, a call already in flight or the cache answered it. */
  observeRead(operation: string, source: ReadSource, typeName: string): void;
}

/** Upstream calls by operation, region and outcome, and their latency, for /metrics. */
export function createCloudControlMetrics(registry: Registry): CloudControlMetrics {
  const requests = new Counter({
    name: 'cloudcontrol_requests_total',
    help: 'Cloud Control API calls made by the gateway (one per SDK command, retries included).',
    labelNames: ['operation', 'region', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'cloudcontrol_request_duration_seconds',
    help: 'Latency of Cloud Control API calls, retries included.',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const reads = new Counter({
    name: 'cloudcontrol_reads_total',
    help: 'Reads the gateway needed, by operation, resource type and source: upstream (a call), in_flight (shared an identical call), cache or stale (CACHE_TTL_SECONDS).',
    labelNames: ['operation', 'source', 'resource'] as const,
    registers: [registry],
  });
  return {
    observe(operation, region, outcome, seconds) {
      requests.inc({ operation, region, outcome });
      duration.observe({ operation }, seconds);
    },
    observeRead(operation, source, typeName) {
      // The registry's names only, so a label never takes a caller's value.
      reads.inc({ operation, source, resource: resourceTypeOf(typeName)?.name ?? 'other' });
    },
  };
}
