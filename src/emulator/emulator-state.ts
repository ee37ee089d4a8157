import type { FaultSettings } from './faults';
import type { ResourceStore } from './store';

export type ListProperties = 'identifier' | 'full';

/** Behaviour a test or an operator can change while the emulator runs (see /_emulator/config). */
export interface EmulatorSettings {
  accountId: string;
  /** Resources per ListResources page, whatever MaxResults says, as the real list handlers do. */
  pageSize: number;
  /**
   * What ListResources puts in each description's Properties: only the primary identifier (all
   * that Cloud Control guarantees, the default) or the full model (what some list handlers do).
   */
  listProperties: ListProperties;
  /** How long a write stays IN_PROGRESS before its handler runs. */
  writeDelayMs: number;
  faults: FaultSettings;
}

export interface OperationContext {
  store: ResourceStore;
  settings: EmulatorSettings;
  region: string;
}
