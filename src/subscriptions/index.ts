import { LRUCache } from 'lru-cache';
import { Gauge, type Registry } from 'prom-client';
import type { ResourceRequestState } from '../upstream/cloudcontrol/progress';
import type { CloudControl } from '../upstream/cloudcontrol/cloud-control';
import { RequestPoller, requestKey } from './request-poller';
import { createRequestEvents, createRequestUpdates, type RequestEventTarget, type RequestUpdates } from './request-updates';

export type { RequestUpdate, RequestUpdates, RequestEventTarget } from './request-updates';

/** Requests whose last published status is remembered, so a state read again unchanged is not sent to every replica again. */
const PUBLISHED_KEPT = 10_000;

/**
 * Following requests for subscribers: a poller that reads each followed request's status through
 * the gateway's Cloud Control client (so a write it sent settles the read cache, as any status
 * read does), and the event transport that carries what it reads to every subscriber.
 *
 * With an event target shared by replicas (`shared`), every status this replica reads, whoever
 * reads it (a write's wait, a `resourceRequest` query, the poller), is published when it changed:
 * a subscriber on another replica hears a write made through this one as soon as this one sees
 * it, not only at its own replica's next poll.
 */
export function createRequestFollowing(options: {
  cloudControl: CloudControl;
  minIntervalMs: number;
  /** MAX_SUBSCRIPTIONS: how many may listen for one request's events. */
  maxSubscribers: number;
  registry: Registry;
  eventTarget?: RequestEventTarget;
  /** The event target is shared by replicas: publish every status read here. */
  shared?: boolean;
}): RequestUpdates {
  const followed = new Gauge({
    name: 'subscription_followed_requests',
    help: 'Cloud Control requests followed for subscribers, each polled once per interval however many follow it.',
    registers: [options.registry],
  });
  const events = createRequestEvents(options.eventTarget, options.maxSubscribers);
  let publish = (key: string, state: ResourceRequestState) => events.publish('resourceRequest', key, state);
  if (options.shared) {
    const published = new LRUCache<string, string>({ max: PUBLISHED_KEPT });
    const send = publish;
    publish = (key, state) => {
      if (published.get(key) === state.status) return;
      published.set(key, state.status);
      send(key, state);
    };
    options.cloudControl.observeRequests((state) => publish(requestKey(state), state));
  }
  const poller = new RequestPoller({
    read: (target) => options.cloudControl.getRequestStatus(target, target.requestToken),
    publish,
    minIntervalMs: options.minIntervalMs,
    onActive: (count) => followed.set(count),
  });
  return createRequestUpdates(poller, events);
}
