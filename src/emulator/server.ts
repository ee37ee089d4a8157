import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Caller, callerOf, CredentialProblem } from './accounts';
import { handleAdmin } from './admin-api';
import type { AwsService } from './aws-service';
import { CallLog } from './call-log';
import { DEFAULT_SETTINGS, type EmulatorSettings, mergeSettings, type SettingsPatch } from './emulator-state';
import { FaultInjector, NO_FAULTS } from './faults';
import { type Hold, type HoldMatch, Holds } from './holds';
import { type ImageRecord, ImageStore } from './image-store';
import { estateDates, seedImageHistory } from './seed/image-history';
import { seedData } from './seed/seed';
import { ServiceError } from './service-errors';
import { FRONT_DOOR, SERVICES } from './services';
import { parseCredentialScope } from './sigv4';
import { type ResourceRequest, ResourceStore } from './store';
import { Sessions } from './sts/sessions';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Seed the demo data (default true). */
  seed?: boolean;
  /** Extra generated pipelines per region, for listing and load tests. */
  fleet?: Record<string, number>;
  settings?: SettingsPatch;
  /** The emulator's clock (Date.now): a test that fixes it gets the same dates and schedules every run. */
  now?: () => number;
}

export type { SettingsPatch };

export interface Emulator {
  url: string;
  port: number;
  store: ResourceStore;
  /** Image builds and pipelines' run state, beside the store's models. */
  images: ImageStore;
  calls: CallLog;
  /** The credentials STS issued (AssumeRole), by access key id. */
  sessions: Sessions;
  settings: EmulatorSettings;
  configure(patch: SettingsPatch): EmulatorSettings;
  /** Keeps the calls that match waiting, unanswered, until the hold is released (see holds.ts). */
  hold(match?: HoldMatch): Hold;
  holdById(id: string): Hold | undefined;
  /**
   * Runs the handlers of in-progress write requests now, whatever writeDelayMs says: all of them,
   * or the one with this token (an unknown token throws). Returns the requests it finished.
   */
  completeRequests(requestToken?: string): ResourceRequest[];
  /**
   * Moves image builds in progress on now, whatever imageStepMs says: all of them, or the one
   * with this ARN (an unknown ARN throws), by `steps` states (PENDING → BUILDING is one) or to
   * their end. Returns the builds it moved.
   */
  advanceImages(imageArn?: string, steps?: number): ImageRecord[];
  /**
   * Starts a build of a pipeline as its schedule would (buildType SCHEDULED, whose failures
   * count towards consecutiveFailures and AutoDisablePolicy); the account and region are the
   * ARN's. The emulator runs no schedule on its own: this is how a scheduled run happens.
   */
  runSchedule(pipelineArn: string): ImageRecord;
  /** Back to the seeded data and its build history, no requests, an empty call log, no holds and the starting settings; keys STS issued stay valid. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * AWS service endpoints on one HTTP server, speaking the real wire protocols (Cloud Control's
 * awsJson1_0, Image Builder's rest-json, STS's query protocol; SigV4-scoped services, regions
 * and accounts; modelled errors) over one store of the resource types in data/cloudformation/,
 * with a control API beside them (admin-api.ts).
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const initial = mergeSettings(DEFAULT_SETTINGS, options.settings ?? {});
  const settings: EmulatorSettings = { ...initial };
  const now = options.now ?? Date.now;
  const store = new ResourceStore(() => settings.writeDelayMs, now);
  const images = new ImageStore(store, () => settings.imageStepMs, now);
  const calls = new CallLog();
  const sessions = new Sessions();
  const faults = new FaultInjector(settings.faults);
  const holds = new Holds();

  const seed = () => {
    store.clear();
    images.clear();
    const at = now();
    for (const { account, region, typeName, model } of seedData({ accountId: settings.accountId, demo: options.seed !== false, fleet: options.fleet ?? {} })) {
      store.put({ account, region }, typeName, String(model.Arn), model, estateDates(at));
    }
    if (options.seed !== false) seedImageHistory(store, images, settings.accountId, at);
  };

  const configure = (patch: SettingsPatch) => {
    Object.assign(settings, mergeSettings(settings, patch));
    faults.configure(settings.faults);
    return settings;
  };

  const emulator: Omit<Emulator, 'url' | 'port' | 'close'> = {
    store,
    images,
    calls,
    sessions,
    settings,
    configure,
    hold: (match = {}) => holds.create(match),
    holdById: (id) => holds.get(id),
    completeRequests: (requestToken) => store.complete(requestToken),
    advanceImages: (imageArn, steps) => images.advance(imageArn, steps),
    runSchedule: (pipelineArn) => {
      const [, , , region, account] = pipelineArn.split(':');
      store.settle();
      images.settle();
      return images.start({ place: { account: account!, region: region! }, pipelineArn, buildType: 'SCHEDULED', failure: faults.takeBuildFailure() });
    },
    reset: () => {
      holds.releaseAll();
      configure(mergeSettings(DEFAULT_SETTINGS, { ...options.settings, faults: { ...NO_FAULTS, ...options.settings?.faults } }));
      seed();
      calls.reset();
    },
  };
  seed();

  const server = createServer((request, response) => {
    const handle = request.url?.startsWith('/_emulator/')
      ? handleAdmin(request, response, emulator)
      : handleCall(request, response, { store, images, calls, sessions, settings, faults, holds, now });
    handle.catch((error: unknown) => {
      console.error('emulator: unexpected failure', error);
      if (!response.headersSent) FRONT_DOOR.sendError(response, FRONT_DOOR.errors.internalFailure('Internal error in the emulator.'));
    });
  });

  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port, address } = server.address() as AddressInfo;
  return {
    ...emulator,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        holds.releaseAll();
        server.close(() => resolve());
        // Held (hanging) and keep-alive connections would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

interface CallDependencies {
  store: ResourceStore;
  images: ImageStore;
  calls: CallLog;
  sessions: Sessions;
  settings: EmulatorSettings;
  faults: FaultInjector;
  holds: Holds;
  now: () => number;
}

const header = (request: IncomingMessage, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The caller of a call signed with this key, or the called service's refusal of its credentials. */
function identify(accessKeyId: string, sessionToken: string | undefined, service: AwsService, deps: CallDependencies): { caller: Caller } | { refusal: ServiceError } {
  try {
    return { caller: callerOf(accessKeyId, sessionToken, deps) };
  } catch (error) {
    if (!(error instanceof CredentialProblem)) throw error;
    return { refusal: error.kind === 'expired' ? service.errors.expiredToken() : service.errors.unrecognizedClient() };
  }
}

/**
 * One call to a service: recorded as it arrives, its credentials checked, then held if a hold
 * matches, then given its faults, then answered by the service the credential scope names, in
 * the account its access key belongs to.
 */
async function handleCall(request: IncomingMessage, response: ServerResponse, deps: CallDependencies): Promise<void> {
  const startedAt = Date.now();
  let service = FRONT_DOOR;
  // What is known of the call so far, for the record of one refused before it could be read.
  let known = { account: 'unknown', region: 'unknown', accessKeyId: 'unknown' };
  let finish: ((outcome: string) => void) | undefined;
  let outcome = 'ok';
  try {
    const scope = parseCredentialScope(request.headers.authorization, FRONT_DOOR.errors);
    known = { ...known, region: scope.region, accessKeyId: scope.accessKeyId };
    const named = SERVICES.get(scope.service);
    if (!named) {
      throw FRONT_DOOR.errors.invalidSignature(`Credential should be scoped to a service this endpoint serves: ${[...SERVICES.keys()].join(', ')}.`);
    }
    service = named;
    const { operation, input } = await service.readCall(request);
    const subject = service.describe(operation, input);
    const identified = identify(scope.accessKeyId, header(request, 'x-amz-security-token'), service, deps);
    if ('caller' in identified) known = { ...known, account: identified.caller.account };
    finish = deps.calls.start({ service: service.signingName, operation, ...known, ...subject, startedAt });
    if ('refusal' in identified) throw identified.refusal;
    const { caller } = identified;
    const place = { account: caller.account, region: scope.region };
    if ((await deps.holds.wait({ service: service.signingName, operation, identifier: subject.identifier }, response)) === 'closed') {
      outcome = 'dropped';
      return;
    }
    const verdict = await deps.faults.before({ service, operation, ...place, identifier: subject.identifier }, response);
    if (verdict.action === 'dropped') {
      outcome = 'dropped';
      return;
    }
    deps.store.settle();
    deps.images.settle();
    const result = service.invoke(operation, input, {
      store: deps.store,
      images: deps.images,
      takeBuildFailure: () => deps.faults.takeBuildFailure(),
      sessions: deps.sessions,
      settings: deps.settings,
      place,
      caller,
      now: deps.now,
      handlerFailure: verdict.handlerFailure,
    });
    if (verdict.action === 'drop-after') {
      outcome = 'dropped';
      response.socket?.destroy();
      return;
    }
    service.sendResult(response, result);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    outcome = error.errorName;
    service.sendError(response, error);
  } finally {
    // A call refused before it could be read is recorded too, with what is known of it.
    finish ??= deps.calls.start({ service: service.signingName, operation: 'Unknown', ...known, startedAt });
    finish(outcome);
  }
}
