import { type FaultSettings, NO_FAULTS } from './faults';

export type ListProperties = 'identifier' | 'full';

/** Behaviour a test or an operator can change while the emulator runs (see /_emulator/config). */
export interface EmulatorSettings {
  /** The account of every access key (see accounts.ts), and of the demo data seeded at start and reset. */
  accountId: string;
  /** Resources per ListResources page, whatever MaxResults says, as the real list handlers do. */
  pageSize: number;
  /**
   * What ListResources puts in each description's Properties: only the primary identifier (all
   * that Cloud Control guarantees, the default) or the full model (what some list handlers do).
   */
  listProperties: ListProperties;
  /** How long a write stays IN_PROGRESS before its handler runs (completeRequests runs it sooner). */
  writeDelayMs: number;
  faults: FaultSettings;
}

/** Settings given in part: any of them, and any of the faults. */
export type SettingsPatch = Partial<Omit<EmulatorSettings, 'faults'>> & { faults?: Partial<FaultSettings> };

export const DEFAULT_SETTINGS: EmulatorSettings = {
  accountId: '123456789012',
  pageSize: 25,
  listProperties: 'identifier',
  writeDelayMs: 1500,
  faults: NO_FAULTS,
};

export function mergeSettings(base: EmulatorSettings, patch: SettingsPatch): EmulatorSettings {
  return { ...base, ...patch, faults: { ...base.faults, ...patch.faults } };
}
