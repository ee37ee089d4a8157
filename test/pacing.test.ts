import { DEMO, startStack } from './support/stack';

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
      expect(throttled[0]!.message).toMatch(/found no turn within 300 ms at CLOUDCONTROL_RATE_PER_SECOND/);
      expect(stack.emulator.calls.count('GetResource')).toBe(1);
    } finally {
      await stack.close();
    }
  });
});
