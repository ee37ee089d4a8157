import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  /** The Cloud Control operation, from X-Amz-Target. */
  operation: string;
  input: Record<string, any>;
}

export interface HoldingProxy {
  url: string;
  /** Every call received, in order, held or not. */
  calls: ProxiedCall[];
  /** Calls held now. */
  held(): ProxiedCall[];
  /** From now on, holds the calls that match until release(). */
  hold(matches: (call: ProxiedCall) => boolean): void;
  /** Sends every held call on to the emulator, and holds nothing more. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A Cloud Control endpoint in front of the emulator that can hold calls: a test can keep an
 * upstream call in flight for as long as it needs, see that it arrived, and let it go, instead
 * of guessing with latencies. Calls it does not hold pass straight through.
 *
 * The emulator's own holds (POST /_emulator/holds) match calls by what they ask, whoever sends
 * them; this proxy holds the calls of whoever is pointed at it, so a test can hold one gateway of
 * two (test/system/replicas.test.ts) or every call of one, whatever its operation.
 */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const calls: ProxiedCall[] = [];
  let holding: ((call: ProxiedCall) => boolean) | undefined;
  let held: { call: ProxiedCall; forward: () => void }[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const forward = (request: IncomingMessage, body: Buffer, response: ServerResponse) => {
    const upstream = httpRequest(`${target}${request.url}`, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.destroy());
    upstream.end(body);
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      let input: Record<string, any> = {};
      try {
        input = JSON.parse(body.toString('utf8') || '{}') as Record<string, any>;
      } catch {
        // not a Cloud Control call; passed on as is
      }
      const call = { operation: String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '', input };
      calls.push(call);
      if (holding?.(call)) held.push({ call, forward: () => forward(request, body, response) });
      else forward(request, body, response);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    held: () => held.map((entry) => entry.call),
    hold(matches) {
      holding = matches;
    },
    release() {
      holding = undefined;
      const releasing = held;
      held = [];
      for (const entry of releasing) entry.forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
