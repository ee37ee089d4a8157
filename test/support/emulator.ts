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

/**
 * Waits until a condition on observable state holds, checking again after every turn of the event
 * loop; fails, naming what it waited for, if it does not hold within `timeoutMs`. For state the
 * emulator reaches on its own (a hung-up call let go), where no control can say when.
 */
export async function whenTrue(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting, after ${timeoutMs} ms, for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
