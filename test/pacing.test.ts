import { DEMO, startStack } from './support/stack';
import { Pacing } from '../src/upstream/pacing';

/** Counts of calls and their outcomes, not timings: a paced gateway is never throttled. */
describe('pacing calls to the rate Cloud Control allows (CLOUDCONTROL_RATE_PER_SECOND)', () => {
  const arns = [DEMO.golden, DEMO.ubuntu, DEMO.windows, DEMO.nginx, DEMO.missing];
  const query = `{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { arn }`).join(' ')} }`;
  // The emulator lets 4 calls a second through, 2 at once; the gateway keeps a token of slack.
  const emulator = { settings: { faults: { ratePerSecond: 4, rateBurst: 2 } } };

  it('unpaced, a query over more pipelines than the burst is throttled and retried', async () => {
    const stack = await startStack({ emulator });
    try {
      await stack.gql(query);
      const calls = stack.emulator.calls.calls('GetResource');
      expect(calls.filter((call) => call.outcome === 'ThrottlingException').length).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });

  it('paced, the same query makes exactly one call per pipeline and none is throttled', async () => {
    const stack = await startStack({ emulator, env: { CLOUDCONTROL_RATE_PER_SECOND: '4', CLOUDCONTROL_RATE_BURST: '1' } });
    try {
      const { body } = await stack.gql(query);
      expect(body.errors).toBeUndefined();
      expect(body.data!.p0).toEqual({ arn: DEMO.golden });
      const calls = stack.emulator.calls.calls('GetResource');
      expect(calls.map((call) => call.outcome).sort()).toEqual(['ResourceNotFoundException', 'ok', 'ok', 'ok', 'ok']);
    } finally {
      await stack.close();
    }
  });

  it('fails a call that finds no turn within the timeout as THROTTLED, without calling Cloud Control', async () => {
    // One call a second and a 300 ms bound: the first call takes the only turn, the rest wait past the bound.
    const stack = await startStack({ env: { CLOUDCONTROL_RATE_PER_SECOND: '1', CLOUDCONTROL_RATE_BURST: '1', CLOUDCONTROL_TIMEOUT_MS: '300' } });
    try {
      const { body } = await stack.gql(query);
      const throttled = body.errors!.filter((error) => error.extensions?.code === 'THROTTLED');
      expect(throttled.length).toBe(arns.length - 1);
      expect(throttled[0]!.message).toMatch(/has no turn within 300 ms at CLOUDCONTROL_RATE_PER_SECOND \(the next is \d+ ms away\)/);
      expect(stack.emulator.calls.count('GetResource')).toBe(1);
    } finally {
      await stack.close();
    }
  });
});

describe('Pacing', () => {
  it('refuses at once a call whose turn is beyond its bound, and such a call spends no turn', async () => {
    const pacing = new Pacing({ ratePerSecond: 4, burst: 1 });
    expect(await pacing.take('us-east-1', 0)).toMatchObject({ taken: true });
    // The next turn is 250 ms away: every call that will not wait that long is refused ...
    for (let i = 0; i < 10; i++) expect(await pacing.take('us-east-1', 100)).toEqual({ taken: false, waitMs: expect.any(Number) });
    // ... and none of them took it, so the next call that will wait gets the very next turn.
    const turn = await pacing.take('us-east-1', 400);
    expect(turn).toMatchObject({ taken: true });
    // Regions are paced apart.
    expect(await pacing.take('eu-west-1', 0)).toMatchObject({ taken: true });
  });

  it('lets a full burst through at once, however many ask in the same tick', async () => {
    const pacing = new Pacing({ ratePerSecond: 10, burst: 5 });
    const turns = await Promise.all(Array.from({ length: 5 }, () => pacing.take('us-east-1', 0)));
    expect(turns).toMatchObject(Array.from({ length: 5 }, () => ({ taken: true })));
    expect(await pacing.take('us-east-1', 0)).toEqual({ taken: false, waitMs: expect.any(Number) });
  });

  it('counts calls already waiting when it says how far away a turn is', async () => {
    const pacing = new Pacing({ ratePerSecond: 10, burst: 1 });
    await pacing.take('us-east-1', 0);
    const waiting = [pacing.take('us-east-1', 1000), pacing.take('us-east-1', 1000)];
    const refused = await pacing.take('us-east-1', 150);
    expect(refused).toEqual({ taken: false, waitMs: expect.any(Number) });
    expect((refused as { waitMs: number }).waitMs).toBeGreaterThan(150);
    expect(await Promise.all(waiting)).toMatchObject([{ taken: true }, { taken: true }]);
  });
});
