import type { EmulatorSettings } from './emulator-state';

/**
 * The account a call acts in, from its access key id. For now every key belongs to the
 * emulator's own account (`settings.accountId`); keys issued for other accounts (STS) will be
 * told apart here, and nowhere else.
 */
export function accountOf(_accessKeyId: string, settings: Pick<EmulatorSettings, 'accountId'>): string {
  return settings.accountId;
}
