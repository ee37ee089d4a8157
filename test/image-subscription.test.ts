import { subscribe } from './support/sse';
import { type Stack, startStack, until } from './support/stack';

/**
 * The image(arn) subscription over Server-Sent Events: an image build's state each time it
 * changes, ending at a final state. Builds move only when the test advances them; holds on the
 * emulator's GetImage show how many reads the gateway made, whatever the machine's speed.
 */
const FOLLOW = `subscription($arn: String!) { image(arn: $arn) { id arn state { status reason } } }`;
const BASTION = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/bastion-host-minimal';
const NGINX = 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/nginx-edge-container';

const statusesOf = (results: { data?: Record<string, any> | null }[]) => results.map((result) => result.data!.image?.state.status);
const imageReads = (stack: Stack, arn: string) => stack.emulator.calls.calls('GetImage').filter((call) => call.identifier === arn).length;

describe('following an image build', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { IMAGE_POLL_MS: '20' }, emulator: { settings: { imageStepMs: 600_000 } } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('sees each state the build reaches, to its final one, and ends', async () => {
    const { arn } = stack.emulator.runSchedule(BASTION);
    const stream = await subscribe(stack.url, FOLLOW, { arn });
    expect(stream.status).toBe(200);
    expect((await stream.next())!.data!.image).toEqual({ id: expect.any(String), arn, state: { status: 'PENDING', reason: null } });
    stack.emulator.advanceImages(arn, 1);
    expect(statusesOf([(await stream.next())!])).toEqual(['BUILDING']);
    stack.emulator.advanceImages(arn);
    expect(statusesOf(await stream.rest())).toEqual(['AVAILABLE']);
    expect(stream.completed).toBe(true);
    await until(async () => (await stack.metric('subscription_followed_images')) === 0, 'the poller to stop');
  });

  it('ends at FAILED, with the reason', async () => {
    stack.emulator.configure({ faults: { failBuilds: { count: 1, reason: 'Build component hardening failed: exit status 1.' } } });
    const { arn } = stack.emulator.runSchedule(BASTION);
    const stream = await subscribe(stack.url, FOLLOW, { arn });
    expect(statusesOf([(await stream.next())!])).toEqual(['PENDING']);
    stack.emulator.advanceImages(arn);
    const [failed] = await stream.rest();
    expect(failed!.data!.image.state).toEqual({ status: 'FAILED', reason: 'Build component hardening failed: exit status 1.' });
    expect(stream.completed).toBe(true);
  });

  it('answers a final image once and ends; an unknown image is null, once; a malformed ARN is refused before any call', async () => {
    const done = 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/3';
    expect(statusesOf(await (await subscribe(stack.url, FOLLOW, { arn: done })).rest())).toEqual(['AVAILABLE']);
    const missing = 'arn:aws:imagebuilder:us-east-1:123456789012:image/bastion-minimal/1.0.2/99';
    expect(await (await subscribe(stack.url, FOLLOW, { arn: missing })).rest()).toEqual([{ data: { image: null } }]);
    stack.emulator.calls.reset();
    const [refused] = await (await subscribe(stack.url, FOLLOW, { arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/x' })).rest();
    expect(refused!.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'arn' });
    expect(stack.emulator.calls.count()).toBe(0);
    expect(await stack.metric('subscription_followed_images')).toBe(0);
  });

  it("drops the pipeline's cached health once it sees the build final", async () => {
    const cached = await startStack({ env: { IMAGE_POLL_MS: '20', CACHE_TTL_SECONDS: '60' }, emulator: { settings: { imageStepMs: 600_000 } } });
    try {
      const health = async () => (await cached.gql(`{ imagePipeline(arn: "${NGINX}") { lastRunStatus } }`)).body.data!.imagePipeline.lastRunStatus;
      const { arn } = cached.emulator.runSchedule(NGINX);
      expect(await health()).toBe('PENDING');
      const stream = await subscribe(cached.url, FOLLOW, { arn });
      expect(statusesOf([(await stream.next())!])).toEqual(['PENDING']);
      cached.emulator.advanceImages(arn);
      expect(statusesOf(await stream.rest())).toEqual(['AVAILABLE']);
      // Kept for 60 s, but the subscription saw the build end.
      expect(await health()).toBe('AVAILABLE');
    } finally {
      await cached.close();
    }
  });
});

describe('twenty subscribers of one image', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { IMAGE_POLL_MS: '20' }, emulator: { settings: { imageStepMs: 600_000 } } });
  });
  afterAll(() => stack.close());

  it('cost one GetImage per poll however many they are: two in all, the first and the one that sees it final', async () => {
    const { arn } = stack.emulator.runSchedule(BASTION);
    const first = stack.emulator.hold({ operations: ['GetImage'], identifiers: [arn] });
    const opening = Promise.all(Array.from({ length: 20 }, () => subscribe(stack.url, FOLLOW, { arn })));
    // All twenty are open and waiting for their first state, and one read is out for them.
    await first.waitForHeld(1);
    await until(async () => (await stack.metric('graphql_subscriptions_open')) === 20, 'twenty open streams');
    expect(first.held()).toBe(1);
    expect(await stack.metric('subscription_followed_images')).toBe(1);

    const second = stack.emulator.hold({ operations: ['GetImage'], identifiers: [arn] });
    first.release();
    const streams = await opening;
    expect(statusesOf(await Promise.all(streams.map((stream) => stream.next() as Promise<{ data?: Record<string, any> }>)))).toEqual(Array(20).fill('PENDING'));
    // The next poll, again one read for all of them.
    await second.waitForHeld(1);
    expect(second.held()).toBe(1);
    stack.emulator.advanceImages(arn);
    second.release();
    for (const rest of await Promise.all(streams.map((stream) => stream.rest()))) expect(statusesOf(rest)).toEqual(['AVAILABLE']);
    expect(imageReads(stack, arn)).toBe(2);
    expect(await stack.metric('subscription_followed_images')).toBe(0);
  });
});
