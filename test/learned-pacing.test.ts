import { fleetPipelines } from '../src/emulator/seed/fleet';
import { LearnedPacing } from '../src/upstream/learned-pacing';
import type { TakenTurn } from '../src/upstream/pacing';
import { startStack } from './support/stack';

/**
 * Without CLOUDCONTROL_RATE_PER_SECOND, the gateway learns each lane's rate from Cloud Control's
 * throttling. Counted from the emulator's call log and /metrics, never timed.
 */
describe('pacing learned from the service (no rate configured)', () => {
  const REGION = 'ap-south-1';
  const PIPELINES = 200;
  const arns = fleetPipelines(REGION, '123456789012', PIPELINES).map(({ model }) => model.Arn as string);
  const query = `{ ${arns.map((arn, i) => `p${i}: imagePipeline(arn: "${arn}") { arn name }`).join('\n')} }`;
  // A service that allows 50 calls a second, 5 at once, each answered in 20 ms.
  const emulator = { fleet: { [REGION]: PIPELINES }, settings: { faults: { ratePerSecond: 50, rateBurst: 5, latencyMs: 20 } } };
  const limits = { MAX_ALIASES: '1000', MAX_QUERY_TOKENS: '100000', MAX_QUERY_COST: '10000000', CLOUDCONTROL_TIMEOUT_MS: '10000' };
  const learnedRate = { service: 'cloudcontrol', region: REGION };

  it(`answers a ${PIPELINES}-pipeline query with no failed field, and at most a tenth of its calls throttled`, async () => {
    const stack = await startStack({ emulator, env: limits });
    try {
      const { body } = await stack.gql(query);
      expect(body.errors).toBeUndefined();
      expect(Object.keys(body.data!)).toHaveLength(PIPELINES);
      const calls = stack.emulator.calls.calls('GetResource');
      const throttled = calls.filter((call) => call.outcome === 'ThrottlingException').length;
      expect(calls.filter((call) => call.outcome === 'ok')).toHaveLength(PIPELINES);
      // It learned from the service: throttled at least once, then paced (unpaced, about half would be).
      expect(throttled).toBeGreaterThan(0);
      expect(throttled / calls.length).toBeLessThanOrEqual(0.1);
      expect(await stack.metric('upstream_learned_rate', learnedRate)).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });

  it('keeps to a configured rate instead, and learns nothing', async () => {
    // Below the service's rate, with room for the two clocks' jitter.
    const stack = await startStack({ emulator, env: { ...limits, CLOUDCONTROL_RATE_PER_SECOND: '40', CLOUDCONTROL_RATE_BURST: '2' } });
    try {
      const { body } = await stack.gql(query);
      expect(body.errors).toBeUndefined();
      // Paced from the first call at the configured rate: never throttled, so nothing to learn from.
      const calls = stack.emulator.calls.calls('GetResource');
      expect(calls.filter((call) => call.outcome === 'ThrottlingException')).toHaveLength(0);
      expect(calls).toHaveLength(PIPELINES);
      const metrics = await (await fetch(`${stack.origin}/metrics`)).text();
      expect(metrics).not.toMatch(/^upstream_learned_rate\{/m);
    } finally {
      await stack.close();
    }
  });
});

describe('LearnedPacing', () => {
  it('makes the first call after a throttle wait a turn: the service has just said its own bucket is empty', async () => {
    const pacing = new LearnedPacing({ setting: 'CLOUDCONTROL_RATE_PER_SECOND' });
    // Unpaced until the first throttle: ten calls go at once.
    const turns: TakenTurn[] = [];
    for (let i = 0; i < 10; i++) {
      const turn = await pacing.take('us-east-1', 1000);
      expect(turn).toMatchObject({ taken: true, waited: false });
      turns.push(turn as TakenTurn);
    }
    expect(pacing.rateOf('us-east-1')).toBe(Infinity);
    for (const turn of turns.slice(0, 9)) pacing.answered('us-east-1', turn, false);
    pacing.answered('us-east-1', turns[9]!, true);
    expect(pacing.rateOf('us-east-1')).toBeLessThan(10);
    // A lane's new pace would let one call through at once; after a throttle it must not (a call
    // sent now would be throttled whatever the rate, and cut a rate nobody tried).
    expect(await pacing.take('us-east-1', 5000)).toMatchObject({ taken: true, waited: true });
    // Other lanes learn on their own.
    expect(await pacing.take('eu-west-1', 1000)).toMatchObject({ taken: true, waited: false });
  });
});
