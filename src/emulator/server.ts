import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IMAGE_PIPELINE_TYPE } from '../resource/image-pipeline-type';
import { CallLog } from './call-log';
import type { EmulatorSettings, OperationContext } from './emulator-state';
import { FaultInjector, NO_FAULTS, type FaultSettings } from './faults';
import { parseCredentialScope, parseOperation, readBody, sendError, sendResult } from './protocol';
import { getResource, listResources } from './read-operations';
import { cancelResourceRequest, getResourceRequestStatus, listResourceRequests } from './request-operations';
import { demoPipelines, fleetPipelines } from './seed';
import { settingsPatchProblems } from './settings-patch';
import { ServiceError } from './service-errors';
import { ResourceStore } from './store';
import { createResource, deleteResource, updateResource } from './write-operations';

type Handler = (input: Record<string, unknown>, context: OperationContext) => unknown;

const OPERATIONS: Record<string, Handler> = {
  GetResource: getResource,
  ListResources: listResources,
  CreateResource: createResource,
  UpdateResource: updateResource,
  DeleteResource: deleteResource,
  GetResourceRequestStatus: getResourceRequestStatus,
  ListResourceRequests: listResourceRequests,
  CancelResourceRequest: cancelResourceRequest,
};

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Seed the demo pipelines (default true). */
  seed?: boolean;
  /** Extra generated pipelines per region, for listing and load tests. */
  fleet?: Record<string, number>;
  settings?: Partial<Omit<EmulatorSettings, 'faults'>> & { faults?: Partial<FaultSettings> };
}

export type SettingsPatch = NonNullable<EmulatorOptions['settings']>;

export interface Emulator {
  url: string;
  port: number;
  store: ResourceStore;
  calls: CallLog;
  settings: EmulatorSettings;
  configure(patch: SettingsPatch): EmulatorSettings;
  /** Back to the seeded pipelines, no requests, an empty call log and no faults. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS: EmulatorSettings = {
  accountId: '123456789012',
  pageSize: 25,
  listProperties: 'identifier',
  writeDelayMs: 1500,
  faults: NO_FAULTS,
};

/**
 * A Cloud Control endpoint on its own HTTP server, speaking the real wire protocol (awsJson1_0,
 * SigV4-scoped regions, modelled errors), for AWS::ImageBuilder::ImagePipeline.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const initial = mergeSettings(DEFAULT_SETTINGS, options.settings ?? {});
  const settings: EmulatorSettings = { ...initial };
  const store = new ResourceStore(() => settings.writeDelayMs);
  const calls = new CallLog();
  const faults = new FaultInjector(settings.faults);

  const seed = () => {
    store.clear();
    const seeded = options.seed === false ? [] : demoPipelines(settings.accountId);
    for (const [region, count] of Object.entries(options.fleet ?? {})) seeded.push(...fleetPipelines(region, settings.accountId, count));
    for (const { region, model } of seeded) store.put(region, model);
  };
  seed();

  const configure = (patch: SettingsPatch) => {
    Object.assign(settings, mergeSettings(settings, patch));
    faults.configure(settings.faults);
    return settings;
  };

  const server = createServer((request, response) => {
    const handle = request.url?.startsWith('/_emulator/')
      ? handleAdmin(request, response, { store, calls, settings, configure, reset })
      : handleCall(request, response, { store, calls, settings, faults });
    handle.catch((error: unknown) => {
      console.error('emulator: unexpected failure', error);
      if (!response.headersSent) sendError(response, new ServiceError('ServiceInternalErrorException', 'Internal error in the emulator.'));
    });
  });
  const reset = () => {
    seed();
    calls.reset();
    configure({ ...DEFAULT_SETTINGS, ...options.settings, faults: { ...NO_FAULTS, ...options.settings?.faults } });
  };

  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    port,
    store,
    calls,
    settings,
    configure,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Held (hanging) and keep-alive connections would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

function mergeSettings(base: EmulatorSettings, patch: SettingsPatch): EmulatorSettings {
  return { ...base, ...patch, faults: { ...base.faults, ...patch.faults } } as EmulatorSettings;
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
  calls: CallLog;
  settings: EmulatorSettings;
  faults: FaultInjector;
}

async function handleCall(request: IncomingMessage, response: ServerResponse, deps: CallDependencies): Promise<void> {
  const startedAt = Date.now();
  let operation = 'Unknown';
  let region = 'unknown';
  let input: Record<string, unknown> = {};
  let outcome = 'ok';
  try {
    if (request.method !== 'POST') throw new ServiceError('UnknownOperationException', 'Cloud Control accepts POST requests only.');
    operation = parseOperation(request.headers['x-amz-target']);
    ({ region } = parseCredentialScope(request.headers.authorization));
    input = await readBody(request);
    const handler = OPERATIONS[operation];
    if (!handler) throw new ServiceError('UnknownOperationException', `Operation ${operation} is not supported.`);
    const verdict = await deps.faults.before(operation, region, input.Identifier, response);
    if (verdict === 'dropped') {
      outcome = 'dropped';
      return;
    }
    deps.store.settle();
    const result = handler(input, { store: deps.store, settings: deps.settings, region });
    if (verdict === 'drop-after') {
      outcome = 'dropped';
      response.socket?.destroy();
      return;
    }
    sendResult(response, result);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    outcome = error.errorName;
    sendError(response, error);
  } finally {
    deps.calls.record({
      operation,
      region,
      identifier: typeof input.Identifier === 'string' ? input.Identifier : undefined,
      clientToken: typeof input.ClientToken === 'string' ? input.ClientToken : undefined,
      startedAt,
      endedAt: Date.now(),
      outcome,
    });
  }
}

interface AdminDependencies {
  store: ResourceStore;
  calls: CallLog;
  settings: EmulatorSettings;
  configure: (patch: SettingsPatch) => EmulatorSettings;
  reset: () => void;
}

/**
 * A small control API beside the service, so a separately started emulator can be inspected
 * and given faults by tests, benchmarks and people: GET health, stats, config, requests and
 * pipelines; POST config and reset.
 */
async function handleAdmin(request: IncomingMessage, response: ServerResponse, deps: AdminDependencies): Promise<void> {
  const { pathname } = new URL(request.url ?? '/', 'http://emulator');
  const reply = (status: number, body: unknown) => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  const route = `${request.method} ${pathname}`;
  if (route === 'GET /_emulator/health') return reply(200, { status: 'ok', typeName: IMAGE_PIPELINE_TYPE });
  if (route === 'GET /_emulator/stats') return reply(200, deps.calls.toJSON());
  if (route === 'GET /_emulator/config') return reply(200, deps.settings);
  if (route === 'POST /_emulator/reset') {
    deps.reset();
    return reply(200, deps.settings);
  }
  if (route === 'POST /_emulator/config') {
    let patch: SettingsPatch;
    try {
      patch = JSON.parse(Buffer.concat(await collect(request)).toString('utf8') || '{}') as SettingsPatch;
    } catch {
      return reply(400, { message: 'body must be JSON settings, for example {"faults":{"latencyMs":200}}' });
    }
    const problems = settingsPatchProblems(patch);
    if (problems.length > 0) return reply(400, { message: `settings not applied: ${problems.join('; ')}`, problems });
    return reply(200, deps.configure(patch));
  }
  if (route === 'GET /_emulator/requests') {
    deps.store.settle();
    const requests = deps.store.allRequests();
    return reply(200, requests.map(({ handler: _handler, model: _model, ...request }) => request));
  }
  if (route === 'GET /_emulator/pipelines') {
    deps.store.settle();
    const regions = deps.store.regions();
    return reply(200, Object.fromEntries(regions.map((region) => [region, deps.store.identifiers(region)])));
  }
  return reply(404, { message: `no such emulator endpoint: ${route}` });
}

async function collect(request: IncomingMessage): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks;
}
