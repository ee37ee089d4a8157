import { demoPipelines } from './demo-pipelines';
import { demoResources } from './demo-resources';
import { fleetResources } from './fleet';
import { SECOND_ACCOUNT_ID, secondAccountResources } from './second-account';
import type { SeededResource } from './seeded-resource';

export interface SeedOptions {
  /** The emulator's own account, whose demo data is seeded. */
  accountId: string;
  /** Whether to seed the demo data (the fleet is seeded either way). */
  demo: boolean;
  /** Generated pipelines per region, in the emulator's own account. */
  fleet: Record<string, number>;
}

/**
 * The emulator's starting data: the demo pipelines and what they point at in the own account,
 * the second account's, and the generated fleet. When the own account is the second account's
 * id, that account's demo data is the own account's, and the second set is left out.
 */
export function seedData({ accountId, demo, fleet }: SeedOptions): SeededResource[] {
  const seeded: SeededResource[] = [];
  if (demo) {
    seeded.push(...demoPipelines(accountId), ...demoResources(accountId));
    if (accountId !== SECOND_ACCOUNT_ID) seeded.push(...secondAccountResources());
  }
  for (const [region, count] of Object.entries(fleet)) seeded.push(...fleetResources(region, accountId, count));
  return seeded;
}
