import { Gauge, type Registry } from 'prom-client';
import type { CloudControl } from '../upstream/cloudcontrol/cloud-control';
import { RequestPoller } from './request-poller';
import { createRequestEvents, createRequestUpdates, type RequestEventTarget, type RequestUpdates } from './request-updates';

export type { RequestUpdate, RequestUpdates, RequestEventTarget } from './request-updates';

/**
 * Following requests for subscribers: a poller that reads each followed request's status through
 * the gateway's Cloud Control client (so a write it sent settles the read cache, as any status
 * read does), and the event transport that carries what it reads to every subscriber.
 */
export function createRequestFollowing(options: {
  cloudControl: CloudControl;
  minIntervalMs: number;
  /** MAX_SUBSCRIPTIONS: how many may listen for one request's events. */
  maxSubscribers: number;
  registry: Registry;
  eventTarget?: RequestEventTarget;
}): RequestUpdates {
  const followed = new Gauge({
    name: 'subscription_followed_requests',
    help: 'Cloud Control requests followed for subscribers, each polled once per interval however many follow it.',
    registers: [options.registry],
  });
  const events = createRequestEvents(options.eventTarget, options.maxSubscribers);
  const poller = new RequestPoller({
    read: (target) => options.cloudControl.getRequestStatus(target, target.requestToken),
    publish: (key, state) => events.publish('resourceRequest', key, state),
    minIntervalMs: options.minIntervalMs,
    onActive: (count) => followed.set(count),
  });
  return createRequestUpdates(poller, events);
}
