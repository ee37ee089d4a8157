import type { CloudControl } from './cloudcontrol/cloud-control';
import type { Loaders } from './loaders';
import type { UpstreamBudget } from './loaders/upstream-budget';
import type { CursorCodec } from './schema/cursors';
import type { RequestUpdates } from './subscriptions';

export type Scope = 'none' | 'read' | 'write';

/** What resolvers may use. Built fresh for every request (src/yoga.ts); nothing in it is shared request data. */
export interface GatewayContext {
  cloudControl: CloudControl;
  loaders: Loaders;
  /** Every read this request makes upstream is counted against it, the loaders' included. */
  budget: UpstreamBudget;
  cursors: CursorCodec;
  settings: SchemaSettings;
  /** Requests followed for subscribers: shared by every request, unlike everything above. */
  requestUpdates: RequestUpdates;
  /** What the caller may do, decided by the auth plugin before execution. */
  scope: Scope;
  /** The request sent no token: its scope is GATEWAY_ANONYMOUS. */
  anonymous: boolean;
  requestId: string;
}

export interface SchemaSettings {
  /** Where a request without a region goes; undefined when the gateway has none. */
  defaultRegion: string | undefined;
  /** Regions callers may ask for; empty means any. */
  allowedRegions: readonly string[];
  defaultPageSize: number;
  maxPageSize: number;
  /** How long a mutation with `wait: true` waits for its request to finish. */
  writeWaitMs: number;
  /** The shortest pause between two status polls while waiting. */
  pollIntervalMs: number;
}
