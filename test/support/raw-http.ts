import { type Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Opens a TCP connection to the origin's host and port. */
export function openSocket(origin: string): Promise<Socket> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends bytes exactly as given (fetch cannot send a malformed Host, an absolute or `*` target,
 * or half a request) and reads everything the server sends until it closes the connection.
 */
export async function sendRaw(origin: string, bytes: string): Promise<RawResponse> {
  const socket = await openSocket(origin);
  socket.write(bytes);
  return readResponse(socket);
}

/**
 * The response the server sends on this socket, read until the connection closes (a reset
 * counts as a close: a server that refuses a connection may cut it while the request is sent).
 */
export function readResponse(socket: Socket): Promise<RawResponse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      let body = rest.join('\r\n\r\n');
      if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
  });
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const newline = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, newline), 16);
    if (!size) return out;
    out += rest.slice(newline + 2, newline + 2 + size);
    rest = rest.slice(newline + 2 + size + 2);
  }
}

/** An answer as it came off the wire. */
export interface BytesAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A GraphQL POST whose answer is read as the bytes on the wire: fetch would decompress a
 * compressed body out of sight (and, in the benchmark's load generator, its web streams cost
 * about a millisecond an answer). `agent`: node:http's connection pool to use.
 */
export function postBytes(url: string, query: string, headers: Record<string, string>, agent?: Agent): Promise<BytesAnswer> {
  const payload = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}
