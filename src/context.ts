import type { Accounts } from './upstream/accounts';
import type { CloudControl } from './upstream/cloudcontrol/cloud-control';
import type { ImageBuilder } from './upstream/imagebuilder/image-builder';
import type { Loaders } from './loaders';
import type { UpstreamBudget } from './loaders/upstream-budget';
import type { CursorCodec } from './schema/cursors';
import type { ImageUpdates, RequestUpdates } from './subscriptions';
import type { RequestWrites } from './writes/request-writes';

export type Scope = 'none' | 'read' | 'write';

/** What resolvers may use. Built fresh for every request (src/yoga.ts); nothing in it is shared request data. */
export interface GatewayContext {
  cloudControl: CloudControl;
  imageBuilder: ImageBuilder;
  /** The gateway's own account, and which others it may act in. */
  accounts: Accounts;
  loaders: Loaders;
  /** Every read this request makes upstream is counted against it, the loaders' included. */
  budget: UpstreamBudget;
  /** The request's writes: their order, their shared wait, their client and request tokens. */
  writes: RequestWrites;
  cursors: CursorCodec;
  settings: SchemaSettings;
  /** Requests and image builds followed for subscribers: shared by every request, unlike everything above. */
  requestUpdates: RequestUpdates;
  imageUpdates: ImageUpdates;
  /** What the caller may do, decided by the auth plugin before execution. */
  scope: Scope;
  /** The request sent no token: its scope is GATEWAY_ANONYMOUS. */
  anonymous: boolean;
  requestId: string;
}

export interface SchemaSettings {
  /** Where a request without a region goes; undefined when the gateway has none. */
  defaultRegion: string | undefined;
  /** The partition the gateway serves (its default region's): only its regions and ARNs are taken. */
  partition: string;
  /** Regions callers may ask for; empty means any. */
  allowedRegions: readonly string[];
  defaultPageSize: number;
  maxPageSize: number;
}
