import { CloudControlClient, GetResourceCommand } from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { PIPELINE_TYPE as IMAGE_PIPELINE_TYPE } from './support/emulator';
import { DEMO, TEST_CREDENTIALS } from './support/stack';

/**
 * The limit refills at one call a second, so the calls of one Promise.all (a few milliseconds)
 * see the bucket as it was: what passes is the burst, not a matter of timing.
 */
describe("the emulator's rate limit", () => {
  let emulator: Emulator;
  let client: CloudControlClient;
  beforeAll(async () => {
    emulator = await startEmulator();
    client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const burstOfFive = async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.send(new GetResourceCommand({ TypeName: IMAGE_PIPELINE_TYPE, Identifier: DEMO.golden })).then(
          () => 'ok',
          (error: Error) => error.name,
        ),
      ),
    );
    return { ok: outcomes.filter((o) => o === 'ok').length, throttled: outcomes.filter((o) => o === 'ThrottlingException').length };
  };

  it("lets one second's worth of calls through at once by default", async () => {
    emulator.configure({ faults: { ratePerSecond: 1 } });
    expect(await burstOfFive()).toEqual({ ok: 1, throttled: 4 });
    emulator.configure({ faults: { ratePerSecond: 3 } });
    expect(await burstOfFive()).toEqual({ ok: 3, throttled: 2 });
  });

  it('lets a configured burst through at once, whatever the rate', async () => {
    emulator.configure({ faults: { ratePerSecond: 1, rateBurst: 4 } });
    expect(await burstOfFive()).toEqual({ ok: 4, throttled: 1 });
    expect(emulator.calls.count('GetResource')).toBe(5);
  });
});
