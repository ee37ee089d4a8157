import { LRUCache } from 'lru-cache';
import { Gauge, type Registry } from 'prom-client';
import type { CloudControl } from '../upstream/cloudcontrol/cloud-control';
import type { ResourceRequestState } from '../upstream/cloudcontrol/progress';
import type { ImageBuilder } from '../upstream/imagebuilder/image-builder';
import { createFollowEvents, type FollowEventTarget } from './events';
import { createImageUpdates, type ImageUpdates } from './image-updates';
import { createRequestUpdates, requestKey, type RequestUpdates } from './request-updates';

export type { FollowEventTarget } from './events';
export type { ImageUpdate, ImageUpdates } from './image-updates';
export type { RequestUpdate, RequestUpdates } from './request-updates';

/** Requests whose last published status is remembered, so a state read again unchanged is not sent to every replica again. */
const PUBLISHED_KEPT = 10_000;

/**
 * Following for subscribers: write requests and image builds, each polled once per interval
 * however many follow it, through the gateway's own upstream clients (so a write's status read
 * settles the read cache, as any status read does, and a build seen final drops its pipeline's
 * cached health), and one event transport that carries what the polls read to every subscriber.
 *
 * With an event target shared by replicas (`shared`), every request status this replica reads,
 * whoever reads it (a write's wait, a `resourceRequest` query, the poller), is published when it
 * changed: a subscriber on another replica hears a write made through this one as soon as this
 * one sees it, not only at its own replica's next poll.
 */
export function createFollowing(options: {
  cloudControl: CloudControl;
  imageBuilder: ImageBuilder;
  /** WRITE_POLL_MS: the shortest pause between two reads of one request. */
  requestIntervalMs: number;
  /** IMAGE_POLL_MS: the pause between two reads of one image build. */
  imageIntervalMs: number;
  /** MAX_SUBSCRIPTIONS: how many may listen for one thing's events. */
  maxSubscribers: number;
  registry: Registry;
  eventTarget?: FollowEventTarget;
  /** The event target is shared by replicas: publish every request status read here. */
  shared?: boolean;
}): { requests: RequestUpdates; images: ImageUpdates } {
  const followedRequests = new Gauge({
    name: 'subscription_followed_requests',
    help: 'Cloud Control requests followed for subscribers, each polled once per interval however many follow it.',
    registers: [options.registry],
  });
  const followedImages = new Gauge({
    name: 'subscription_followed_images',
    help: 'Image builds followed for subscribers, each polled once per interval (IMAGE_POLL_MS) however many follow it.',
    registers: [options.registry],
  });
  const events = createFollowEvents(options.eventTarget, options.maxSubscribers);
  let publishRequest = (key: string, state: ResourceRequestState) => events.publish('resourceRequest', key, state);
  if (options.shared) {
    const published = new LRUCache<string, string>({ max: PUBLISHED_KEPT });
    const send = publishRequest;
    publishRequest = (key, state) => {
      if (published.get(key) === state.status) return;
      published.set(key, state.status);
      send(key, state);
    };
    options.cloudControl.observeRequests((state) => publishRequest(requestKey(state), state));
  }
  return {
    requests: createRequestUpdates({
      read: (target) => options.cloudControl.getRequestStatus(target, target.requestToken),
      events,
      publish: publishRequest,
      minIntervalMs: options.requestIntervalMs,
      onActive: (count) => followedRequests.set(count),
    }),
    images: createImageUpdates({
      read: (target) => options.imageBuilder.image(target, target.arn, { fresh: true }),
      events,
      intervalMs: options.imageIntervalMs,
      onActive: (count) => followedImages.set(count),
    }),
  };
}
