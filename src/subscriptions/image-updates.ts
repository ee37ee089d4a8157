import type { PubSub } from 'graphql-yoga';
import { isFinalImageStatus } from '../upstream/imagebuilder/image-status';
import type { ImageSummary } from '../upstream/imagebuilder/shapes';
import type { FollowEvents } from './events';
import { follow, type Update } from './follow';
import { Poller } from './poller';

/** An image build, as it is followed: by the account and region it is read in, and its build version ARN. */
export interface ImageTarget {
  accountId: string;
  region: string;
  arn: string;
}

export const imageKey = (target: ImageTarget): string => `${target.accountId}/${target.region}/${target.arn}`;

/** What a subscriber receives: each state of the image, null for an image Image Builder does not know, or why the first read failed. */
export type ImageUpdate = Update<ImageSummary>;

export interface ImageUpdates {
  /** The image now, then again each time its status changes, ending after a final status (see follow). */
  follow(target: ImageTarget): AsyncIterable<ImageUpdate>;
}

const rules = {
  isFinal: (image: ImageSummary) => isFinalImageStatus(image.state.status),
  changed: (previous: ImageSummary, next: ImageSummary) => previous.state.status !== next.state.status,
};

/**
 * Image builds followed for subscribers: one poll loop per image (a fresh GetImage) every
 * IMAGE_POLL_MS, however many follow it. A build takes minutes, so a slower pace than a write
 * request's costs nothing a dashboard would see.
 */
export function createImageUpdates(options: {
  read(target: ImageTarget): Promise<ImageSummary | null>;
  events: PubSub<FollowEvents>;
  intervalMs: number;
  onActive(count: number): void;
}): ImageUpdates {
  const poller = new Poller<ImageTarget, ImageSummary>({
    key: imageKey,
    read: options.read,
    publish: (key, state) => options.events.publish('image', key, state),
    ...rules,
    delayMs: () => options.intervalMs,
    onActive: options.onActive,
  });
  return { follow: (target) => follow(poller, options.events, 'image', imageKey(target), target, rules) };
}
