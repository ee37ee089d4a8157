import { setMaxListeners } from 'node:events';
import { createPubSub, type PubSub, type PubSubEventTarget } from 'graphql-yoga';
import type { ResourceRequestState } from '../upstream/cloudcontrol/progress';
import type { ImageSummary } from '../upstream/imagebuilder/shapes';

/**
 * The event transport: one topic per followed thing, of each kind. In-process by default; an
 * event target shared by replicas (@graphql-yoga/redis-event-target) carries the same events
 * between them, serialised as JSON, so a state's dates arrive as ISO strings (which the DateTime
 * scalar takes).
 */
export type FollowEvents = {
  resourceRequest: [key: string, state: ResourceRequestState];
  image: [key: string, state: ImageSummary];
};
export type FollowEventTarget = PubSubEventTarget<FollowEvents>;

/** The transport; in-process, every subscriber listens on one EventTarget, as many as MAX_SUBSCRIPTIONS on one topic. */
export function createFollowEvents(eventTarget: FollowEventTarget | undefined, maxSubscribers: number): PubSub<FollowEvents> {
  if (!eventTarget) {
    const inProcess = new EventTarget();
    setMaxListeners(maxSubscribers, inProcess);
    eventTarget = inProcess as FollowEventTarget;
  }
  return createPubSub<FollowEvents>({ eventTarget });
}
