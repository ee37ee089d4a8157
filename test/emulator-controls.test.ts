import {
  CloudControlClient,
  CreateResourceCommand,
  GetResourceCommand,
  GetResourceRequestStatusCommand,
  ListResourcesCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-cloudcontrol';
import { type Emulator, startEmulator } from '../src/emulator/server';
import { DEMO, TEST_CREDENTIALS } from './support/stack';
import { PIPELINE_TYPE as TypeName, storedPipeline } from './support/emulator';
import { until } from './support/until';

/**
 * Controls that let a test wait on what the emulator observes instead of on the clock: holds
 * keep calls in flight until released, and completeRequests finishes writes on demand.
 */
describe('the emulator controls', () => {
  let emulator: Emulator;
  let client: CloudControlClient;
  beforeAll(async () => {
    emulator = await startEmulator({ settings: { writeDelayMs: 600_000 } });
    client = new CloudControlClient({ region: 'us-east-1', endpoint: emulator.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });
  beforeEach(() => emulator.reset());

  const get = (Identifier: string) => client.send(new GetResourceCommand({ TypeName, Identifier }));

  it('records each call: service, operation, region, account, access key, type, identifier, client token, outcome, start and end', async () => {
    await get(DEMO.golden);
    await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.ubuntu, ClientToken: 'logged-token', PatchDocument: '[{"op":"remove","path":"/Nope"}]' })).catch(() => undefined);
    const [read, write] = emulator.calls.calls();
    expect(read).toEqual({
      service: 'cloudcontrolapi',
      operation: 'GetResource',
      region: 'us-east-1',
      account: '123456789012',
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      typeName: TypeName,
      identifier: DEMO.golden,
      clientToken: undefined,
      startedAt: expect.any(Number),
      endedAt: expect.any(Number),
      outcome: 'ok',
    });
    expect(read!.endedAt).toBeGreaterThanOrEqual(read!.startedAt);
    expect(write).toMatchObject({ operation: 'UpdateResource', identifier: DEMO.ubuntu, clientToken: 'logged-token', outcome: 'InvalidRequestException' });
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as { counts: Record<string, number>; calls: unknown[] };
    expect(stats).toEqual({ counts: { GetResource: 1, UpdateResource: 1 }, calls: JSON.parse(JSON.stringify([read, write])) });
  });

  describe('holds', () => {
    it('keep matching calls in flight, recorded as started, until released', async () => {
      const hold = emulator.hold({ operations: ['GetResource'] });
      const answers = [get(DEMO.golden), get(DEMO.ubuntu)];
      await hold.waitForHeld(2);
      // Both calls are in flight at the same moment: proven by state, not by timing.
      expect(hold.held()).toBe(2);
      expect(emulator.calls.calls('GetResource').map((call) => [call.outcome, call.endedAt])).toEqual([
        ['in-flight', null],
        ['in-flight', null],
      ]);
      // A call the hold does not match goes straight through.
      await client.send(new ListResourcesCommand({ TypeName }));
      hold.release();
      const names = (await Promise.all(answers)).map((answer) => JSON.parse(answer.ResourceDescription!.Properties!).Name);
      expect(names).toEqual(['amazon-linux-2023-golden', 'ubuntu-22-04-cis-hardened']);
      expect(hold.held()).toBe(0);
      expect(emulator.calls.calls('GetResource').map((call) => call.outcome)).toEqual(['ok', 'ok']);
      // Released, it holds nothing more.
      await get(DEMO.nginx);
      expect(hold.released()).toBe(true);
    });

    it('match by identifier and by service', async () => {
      const golden = emulator.hold({ identifiers: [DEMO.golden] });
      const sts = emulator.hold({ service: 'sts' });
      const held = get(DEMO.golden);
      await golden.waitForHeld(1);
      await get(DEMO.ubuntu);
      expect(sts.held()).toBe(0);
      golden.release();
      await held;
    });

    it('let a call go when its caller hangs up, and record it as dropped', async () => {
      const hold = emulator.hold({ operations: ['GetResource'] });
      const abort = new AbortController();
      const call = client.send(new GetResourceCommand({ TypeName, Identifier: DEMO.golden }), { abortSignal: abort.signal }).catch((error: Error) => error.name);
      await hold.waitForHeld(1);
      abort.abort();
      expect(await call).toBe('AbortError');
      await until(() => hold.held() === 0, 'the hold to let the hung-up call go');
      await until(() => emulator.calls.calls('GetResource')[0]?.outcome === 'dropped', 'the call to be recorded as dropped');
      expect(emulator.calls.calls('GetResource')[0]!.endedAt).not.toBeNull();
    });

    it('say how many calls they held when the wait times out', async () => {
      const hold = emulator.hold({ operations: ['DeleteResource'] });
      await expect(hold.waitForHeld(1, 20)).rejects.toThrow(`hold ${hold.id} {"operations":["DeleteResource"]}: 0 of 1 calls held after 20 ms`);
    });

    it('are all released by a reset', async () => {
      const hold = emulator.hold();
      const held = get(DEMO.golden);
      await hold.waitForHeld(1);
      emulator.reset();
      await expect(held).resolves.toBeDefined();
      await get(DEMO.golden);
    });

    it('are driven over the control API as well', async () => {
      const post = (path: string, body?: unknown) => fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
      const created = await post('holds', { operations: ['ListResources'] });
      expect(created.status).toBe(200);
      const { id } = (await created.json()) as { id: string };
      const held = async () => ((await (await fetch(`${emulator.url}/_emulator/holds/${id}`)).json()) as { held: number; released: boolean });
      const listing = client.send(new ListResourcesCommand({ TypeName }));
      await until(async () => (await held()).held === 1, 'the list call to be held');
      const released = await post(`holds/${id}/release`);
      expect(await released.json()).toMatchObject({ id, held: 0, released: true });
      expect((await listing).ResourceDescriptions!.length).toBeGreaterThan(0);

      const invalid = await post('holds', { operations: 'GetResource', colour: 'red' });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { problems: string[] }).problems).toEqual(
        expect.arrayContaining(['/operations must be array', '/ has no criterion "colour"']),
      );
      expect((await fetch(`${emulator.url}/_emulator/holds/hold-999`)).status).toBe(404);
    });
  });

  describe('completeRequests', () => {
    const status = async (RequestToken: string) => (await client.send(new GetResourceRequestStatusCommand({ RequestToken }))).ProgressEvent!.OperationStatus;
    const patch = (text: string) => JSON.stringify([{ op: 'replace', path: '/Description', value: text }]);

    it('runs the handler of one in-progress write now, whatever writeDelayMs says', async () => {
      const first = (await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.golden, PatchDocument: patch('first') }))).ProgressEvent!;
      const second = (await client.send(new UpdateResourceCommand({ TypeName, Identifier: DEMO.ubuntu, PatchDocument: patch('second') }))).ProgressEvent!;
      expect(await status(first.RequestToken!)).toBe('IN_PROGRESS');
      expect(storedPipeline(emulator, DEMO.golden)!.Description).not.toBe('first');

      const completed = emulator.completeRequests(first.RequestToken!);
      expect(completed.map((request) => [request.requestToken, request.status])).toEqual([[first.RequestToken, 'SUCCESS']]);
      expect(await status(first.RequestToken!)).toBe('SUCCESS');
      expect(storedPipeline(emulator, DEMO.golden)!.Description).toBe('first');
      expect(await status(second.RequestToken!)).toBe('IN_PROGRESS');
      // Completing a finished request again finishes nothing.
      expect(emulator.completeRequests(first.RequestToken!)).toEqual([]);
      expect(() => emulator.completeRequests('no-such-token')).toThrow('no request with token no-such-token');
    });

    it('runs every in-progress write when given no token', async () => {
      const tokens: string[] = [];
      for (const arn of [DEMO.golden, DEMO.ubuntu, DEMO.nginx]) {
        tokens.push((await client.send(new UpdateResourceCommand({ TypeName, Identifier: arn, PatchDocument: patch('all') }))).ProgressEvent!.RequestToken!);
      }
      expect(emulator.completeRequests().map((request) => request.requestToken)).toEqual(tokens);
      for (const token of tokens) expect(await status(token)).toBe('SUCCESS');
    });

    it('is driven over the control API as well', async () => {
      const desired = JSON.stringify({
        Name: 'controlled',
        ImageRecipeArn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/bastion-minimal/1.0.2',
        InfrastructureConfigurationArn: 'arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/standard-build-fleet',
      });
      const token = (await client.send(new CreateResourceCommand({ TypeName, DesiredState: desired }))).ProgressEvent!.RequestToken!;
      const complete = (body: unknown) => fetch(`${emulator.url}/_emulator/requests/complete`, { method: 'POST', body: JSON.stringify(body) });
      const answer = await complete({ requestToken: token });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ completed: [{ requestToken: token, status: 'SUCCESS' }] });
      expect(await status(token)).toBe('SUCCESS');
      expect(await (await complete({})).json()).toEqual({ completed: [] });
      expect((await complete({ requestToken: 'no-such-token' })).status).toBe(404);
      expect((await complete({ requestToken: 7 })).status).toBe(400);
    });
  });
});
