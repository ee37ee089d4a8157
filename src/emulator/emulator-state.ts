import { type FaultSettings, NO_FAULTS } from './faults';

export type ListProperties = 'identifier' | 'full';

/** An IAM role STS lets callers assume (settings.roles). */
export interface RoleSetting {
  /** `arn:aws:iam::210987654321:role/ImageBuilderGateway`: the account in it is the one the issued keys act in. */
  arn: string;
  /** The longest session AssumeRole grants, in seconds (3600–43200); IAM's default, 3600, unless set. */
  maxSessionDuration?: number;
  /** false: the role's trust policy lets no one assume it, and AssumeRole answers AccessDenied. */
  assumable?: boolean;
}

/** The role of the second demo account (seed/second-account.ts) that the gateway assumes to read it. */
export const DEFAULT_ROLES: readonly RoleSetting[] = [{ arn: 'arn:aws:iam::210987654321:role/ImageBuilderGateway' }];

/** Behaviour a test or an operator can change while the emulator runs (see /_emulator/config). */
export interface EmulatorSettings {
  /** The account of every static access key (see accounts.ts), and of the demo data seeded at start and reset. */
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
  /** How long an image stays in each state of its build (PENDING, BUILDING, …) before the next (advanceImages moves it sooner). */
  imageStepMs: number;
  /** The roles AssumeRole can issue keys for; any other role is AccessDenied. */
  roles: RoleSetting[];
  faults: FaultSettings;
}

/** Settings given in part: any of them, and any of the faults. */
export type SettingsPatch = Partial<Omit<EmulatorSettings, 'faults'>> & { faults?: Partial<FaultSettings> };

export const DEFAULT_SETTINGS: EmulatorSettings = {
  accountId: '123456789012',
  pageSize: 25,
  listProperties: 'identifier',
  writeDelayMs: 1500,
  imageStepMs: 5000,
  roles: [...DEFAULT_ROLES],
  faults: NO_FAULTS,
};

export function mergeSettings(base: EmulatorSettings, patch: SettingsPatch): EmulatorSettings {
  return { ...base, ...patch, faults: { ...base.faults, ...patch.faults } };
}
