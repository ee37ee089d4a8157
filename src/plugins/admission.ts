import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Gauge, type Registry } from 'prom-client';
import type { AdmissionConfig } from '../config/config';

/**
 * At most `max` holders at once; one more waits in line (first come, first served) for up to
 * `queueMs`, then is turned away. A slot that frees goes straight to the first in line, whose
 * queue timer stops in the same step, so a slot is never both handed over and refused.
 */
export class AdmissionGate {
  private running = 0;
  private readonly line = new Set<(admitted: boolean) => void>();

  constructor(private readonly max: number) {}

  get executing(): number {
    return this.running;
  }

  get queued(): number {
    return this.line.size;
  }

  /** True at once when a slot is free (no promise, no turn of the event loop); otherwise whether one came within `queueMs`. */
  enter(queueMs: number): true | Promise<boolean> {
    if (this.running < this.max) {
      this.running++;
      return true;
    }
    if (queueMs === 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.line.delete(admit);
        resolve(false);
      }, queueMs);
      const admit = (admitted: boolean) => {
        clearTimeout(timer);
        resolve(admitted);
      };
      this.line.add(admit);
    });
  }

  leave(): void {
    const next = this.line.values().next();
    if (next.done) {
      this.running--;
      return;
    }
    this.line.delete(next.value);
    next.value(true);
  }
}

/**
 * MAX_CONCURRENT_REQUESTS: GraphQL requests executing at once. One more waits up to
 * ADMISSION_QUEUE_MS for a slot, then is refused with 503, Retry-After and OVERLOADED, so a
 * flood of requests costs queued bytes, not parsing, validation and upstream calls without end.
 * A slot is taken once the body has been read (a slow sender holds a connection, not a slot)
 * and given back when the result has been produced, so what it bounds is requests waiting on
 * Cloud Control at once, with their memory and upstream calls (a request that needs only CPU
 * finishes before another starts, and is bounded by the query limits instead). Probes, metrics
 * and GraphiQL are answered before this point and never wait here; nor do `exempt` requests
 * (queries coalesced into an identical one already executing: they execute nothing).
 */
export function useAdmission(settings: AdmissionConfig, registry: Registry, exempt: (request: Request) => boolean = () => false): Plugin {
  const gate = new AdmissionGate(settings.maxConcurrent);
  new Gauge({
    name: 'graphql_requests_executing',
    help: 'GraphQL requests holding an admission slot (MAX_CONCURRENT_REQUESTS).',
    registers: [registry],
    collect() {
      this.set(gate.executing);
    },
  });
  new Gauge({
    name: 'graphql_requests_queued',
    help: 'GraphQL requests waiting for an admission slot (up to ADMISSION_QUEUE_MS).',
    registers: [registry],
    collect() {
      this.set(gate.queued);
    },
  });
  const admitted = new WeakSet<Request>();
  const overloaded = new GraphQLError(
    `The gateway is executing its limit of ${settings.maxConcurrent} GraphQL requests (MAX_CONCURRENT_REQUESTS) and none finished within ` +
      `${settings.queueMs} ms (ADMISSION_QUEUE_MS); try again shortly.`,
    { extensions: { code: 'OVERLOADED', http: { status: 503, headers: { 'retry-after': '1' } } } },
  );
  return {
    // Synchronous while a slot is free: a hook that returns a promise makes yoga wait a turn for it.
    onParams({ request, setResult }) {
      if (exempt(request)) return;
      const entered = gate.enter(settings.queueMs);
      if (entered === true) {
        admitted.add(request);
        return;
      }
      return entered.then((given) => {
        if (given) admitted.add(request);
        else setResult({ errors: [overloaded] });
      });
    },
    // Every request that reaches onParams has its result processed, whatever happened on the way
    // (refusals, errors, a client that went away), so the slot is always given back.
    onResultProcess({ request }) {
      if (admitted.delete(request)) gate.leave();
    },
  };
}
