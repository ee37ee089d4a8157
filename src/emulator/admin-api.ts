import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HoldMatch } from './holds';
import type { ImageRecord } from './image-store';
import { RESOURCE_TYPES } from './resources/resource-types';
import { IMAGE_PIPELINE } from './resources/type-names';
import type { Emulator, SettingsPatch } from './server';
import { SERVICES } from './services';
import { holdMatchProblems, settingsPatchProblems } from './settings-patch';

type Controls = Omit<Emulator, 'url' | 'port' | 'close'>;

const HOLD = /^\/_emulator\/holds\/([^/]+)$/;
const HOLD_RELEASE = /^\/_emulator\/holds\/([^/]+)\/release$/;

/**
 * A small control API beside the services, so a separately started emulator can be inspected,
 * given faults and driven by tests, benchmarks and people; each route is the in-process
 * Emulator method of the same name.
 */
export async function handleAdmin(request: IncomingMessage, response: ServerResponse, emulator: Controls): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://emulator');
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const json = async <T>(example: string): Promise<T | undefined> => {
    try {
      return JSON.parse(Buffer.concat(await collect(request)).toString('utf8') || '{}') as T;
    } catch {
      reply(400, { message: `body must be JSON, for example ${example}` });
      return undefined;
    }
  };
  const route = `${request.method} ${pathname}`;

  if (route === 'GET /_emulator/health') return reply(200, { status: 'ok', services: [...SERVICES.keys()], typeNames: [...RESOURCE_TYPES.keys()] });
  if (route === 'GET /_emulator/stats') return reply(200, emulator.calls.toJSON());
  if (route === 'GET /_emulator/config') return reply(200, emulator.settings);
  if (route === 'POST /_emulator/reset') {
    emulator.reset();
    return reply(200, emulator.settings);
  }
  if (route === 'POST /_emulator/config') {
    const patch = await json<SettingsPatch>('{"faults":{"latencyMs":200}}');
    if (patch === undefined) return;
    const problems = settingsPatchProblems(patch);
    if (problems.length > 0) return reply(400, { message: `settings not applied: ${problems.join('; ')}`, problems });
    return reply(200, emulator.configure(patch));
  }
  if (route === 'GET /_emulator/requests') {
    settle(emulator);
    return reply(200, emulator.store.allRequests().map(({ handler: _handler, model: _model, ...rest }) => rest));
  }
  if (route === 'POST /_emulator/requests/complete') {
    const body = await json<{ requestToken?: unknown }>('{"requestToken":"…"} or {}');
    if (body === undefined) return;
    const { requestToken } = body;
    if (requestToken !== undefined && typeof requestToken !== 'string') return reply(400, { message: 'requestToken must be a string' });
    if (requestToken !== undefined && !emulator.store.allRequests().some((r) => r.requestToken === requestToken)) {
      return reply(404, { message: `no request with token ${requestToken}` });
    }
    const completed = emulator.completeRequests(requestToken);
    return reply(200, { completed: completed.map(({ requestToken: token, status }) => ({ requestToken: token, status })) });
  }
  if (route === 'GET /_emulator/images') {
    settle(emulator);
    return reply(200, emulator.images.all().map(imageRecord));
  }
  if (route === 'POST /_emulator/images/advance') {
    const body = await json<{ imageArn?: unknown; steps?: unknown }>('{"imageArn":"…","steps":1} or {}');
    if (body === undefined) return;
    const { imageArn, steps } = body;
    if (imageArn !== undefined && typeof imageArn !== 'string') return reply(400, { message: 'imageArn must be a string' });
    if (steps !== undefined && (typeof steps !== 'number' || !Number.isInteger(steps) || steps < 1)) return reply(400, { message: 'steps must be a whole number of at least 1' });
    if (imageArn !== undefined && !emulator.images.all().some((image) => image.arn === imageArn)) return reply(404, { message: `no image ${imageArn}` });
    const advanced = emulator.advanceImages(imageArn, steps);
    return reply(200, { advanced: advanced.map(({ arn, status }) => ({ arn, status })) });
  }
  if (route === 'POST /_emulator/schedule/run') {
    const body = await json<{ pipelineArn?: unknown }>('{"pipelineArn":"arn:aws:imagebuilder:…:image-pipeline/…"}');
    if (body === undefined) return;
    const { pipelineArn } = body;
    if (typeof pipelineArn !== 'string') return reply(400, { message: 'pipelineArn must be a string' });
    const [, , , region = '', account = ''] = pipelineArn.split(':');
    settle(emulator);
    if (!emulator.store.get({ account, region }, IMAGE_PIPELINE, pipelineArn)) return reply(404, { message: `no pipeline ${pipelineArn}` });
    return reply(200, imageRecord(emulator.runSchedule(pipelineArn)));
  }
  if (route === 'GET /_emulator/resources') {
    settle(emulator);
    return reply(200, emulator.store.contents());
  }
  if (route === 'GET /_emulator/pipelines') {
    // The own account's pipelines by region, as this route has always answered.
    settle(emulator);
    const regions = emulator.store.contents()[emulator.settings.accountId] ?? {};
    return reply(200, Object.fromEntries(Object.entries(regions).map(([region, types]) => [region, types[IMAGE_PIPELINE] ?? []])));
  }
  if (route === 'POST /_emulator/holds') {
    const match = await json<HoldMatch>('{"operations":["GetResource"]}');
    if (match === undefined) return;
    const problems = holdMatchProblems(match);
    if (problems.length > 0) return reply(400, { message: `hold not created: ${problems.join('; ')}`, problems });
    const hold = emulator.hold(match);
    return reply(200, { id: hold.id, match: hold.match });
  }
  const holdRoute = request.method === 'GET' ? HOLD.exec(pathname) : request.method === 'POST' ? HOLD_RELEASE.exec(pathname) : null;
  if (holdRoute) {
    const hold = emulator.holdById(decodeURIComponent(holdRoute[1]!));
    if (!hold) return reply(404, { message: `no hold ${holdRoute[1]}` });
    if (request.method === 'POST') hold.release();
    return reply(200, { id: hold.id, match: hold.match, held: hold.held(), released: hold.released() });
  }
  return reply(404, { message: `no such emulator endpoint: ${route}` });
}

/** What has come due, settled first, so a route shows the state a call would. */
function settle(emulator: Controls): void {
  emulator.store.settle();
  emulator.images.settle();
}

/** An image as the control API shows it: whose it is, where its build stands, and when its next state is due. */
function imageRecord(image: ImageRecord) {
  const { arn, account, region, pipelineArn, build, buildType, status, reason, createdAt, finishedAt, nextStepAt } = image;
  return { arn, account, region, pipelineArn, build, buildType, status, reason, createdAt, finishedAt, nextStepAt };
}

async function collect(request: IncomingMessage): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks;
}
