import { type ExecutionResult, GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin, Repeater } from 'graphql-yoga';
import { Gauge, type Registry } from 'prom-client';

export interface SubscriptionLimits {
  /** MAX_SUBSCRIPTIONS: streams open at once in this gateway. */
  max: number;
  /** SUBSCRIPTION_MAX_SECONDS, in milliseconds: a stream ends after this long, whatever it follows. */
  maxLifetimeMs: number;
}

/**
 * Every subscription stream is bounded: at most MAX_SUBSCRIPTIONS open at once (the next one's
 * only event is a LIMIT_EXCEEDED error), each ends after SUBSCRIPTION_MAX_SECONDS, and all end
 * when `shutdown` aborts, so a stopping gateway's connections close instead of running into
 * its shutdown bound. A stream counts from its first pull, which is when its work starts: a
 * stream yoga never sends (a client that does not accept text/event-stream gets 406) holds nothing.
 */
export function useSubscriptionLimits(limits: SubscriptionLimits, registry: Registry, shutdown?: AbortSignal): Plugin {
  const open = new Gauge({ name: 'graphql_subscriptions_open', help: 'Subscription streams open now (MAX_SUBSCRIPTIONS bounds them).', registers: [registry] });
  const stops = new Set<() => void>();
  shutdown?.addEventListener('abort', () => stops.forEach((stop) => stop()), { once: true });

  const bounded = (source: AsyncIterable<ExecutionResult>) =>
    new Repeater<ExecutionResult>(async (push, stop) => {
      // A stream that reaches a stopping gateway (on a kept-alive connection) ends at once, like the open ones.
      if (shutdown?.aborted) return stop();
      if (stops.size >= limits.max) {
        const message = `This gateway already holds ${limits.max} open subscriptions, its limit (MAX_SUBSCRIPTIONS); subscribe again when one has ended.`;
        void push({ errors: [new GraphQLError(message, { extensions: { code: 'LIMIT_EXCEEDED', limit: 'MAX_SUBSCRIPTIONS', value: limits.max } })] });
        return stop();
      }
      stops.add(stop);
      open.set(stops.size);
      const lifetime = setTimeout(stop, limits.maxLifetimeMs);
      const iterator = source[Symbol.asyncIterator]();
      try {
        void (async () => {
          for (let result = await iterator.next(); !result.done; result = await iterator.next()) await push(result.value);
          stop();
        })().catch((error: unknown) => stop(error));
        await stop;
      } finally {
        clearTimeout(lifetime);
        stops.delete(stop);
        open.set(stops.size);
        await iterator.return?.();
      }
    });

  return {
    onSubscribe: () => ({
      onSubscribeResult({ result, setResult }) {
        if (isAsyncIterable(result)) setResult(bounded(result));
      },
    }),
  };
}
