import type { Emulator } from '../../src/emulator/server';

/** The demo data's account, whose resources every test access key reaches. */
export const DEMO_ACCOUNT = '123456789012';
export const PIPELINE_TYPE = 'AWS::ImageBuilder::ImagePipeline';

/** The demo account in a region: where the emulator's store keeps its resources. */
export const demoPlace = (region: string) => ({ account: DEMO_ACCOUNT, region });

/** A pipeline as the emulator stores it, by its ARN (which names its account and region). */
export function storedPipeline(emulator: Emulator, arn: string): Record<string, unknown> | undefined {
  const [, , , region, account] = arn.split(':');
  return emulator.store.get({ account: account!, region: region! }, PIPELINE_TYPE, arn);
}

/** The demo account's pipeline ARNs in a region, in list order. */
export const storedPipelineArns = (emulator: Emulator, region: string) => emulator.store.identifiers(demoPlace(region), PIPELINE_TYPE);

/** The demo account's write requests in a region, newest first. */
export const storedRequests = (emulator: Emulator, region: string) => emulator.store.requestsIn(demoPlace(region));

