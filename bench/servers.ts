import { readFileSync } from 'node:fs';
import { run, type Running } from '../test/support/processes';

/** A server under measurement, in its own process so load generation never shares its CPU. */
export interface BenchServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface UpstreamSettings {
  /** The Cloud Control endpoint (the benchmark's emulator). */
  endpoint: string;
  /** Gateway environment beyond the defaults `npm start` runs with. */
  env?: Record<string, string>;
}

/** Where an entry point's runnable file is (see build.ts). */
export type EntryOf = (entry: string) => string;

const AWS_ENV = (endpoint: string) => ({
  CLOUDCONTROL_BACKEND: 'aws',
  AWS_ENDPOINT_URL: endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark-secret',
});

/**
 * The gateway as a deployment runs it on the aws backend, pointed at the emulator. The
 * query limits are raised because the benchmark's largest queries exceed them on purpose.
 */
export function startGateway(entryOf: EntryOf, upstream: UpstreamSettings): Promise<BenchServer> {
  const env = {
    ...AWS_ENV(upstream.endpoint),
    PORT: '0',
    MAX_ALIASES: '1000',
    MAX_QUERY_TOKENS: '100000',
    MAX_QUERY_COST: '10000000',
    MAX_UPSTREAM_KEYS: '10000',
    ...upstream.env,
  };
  return started('gateway', run(entryOf('src/server.ts'), env), (line) => typeof line.url === 'string' && line.msg?.includes('serving GraphQL'));
}

/**
 * The naive resolver, on the same Cloud Control settings as the gateway, but with a call bound
 * long enough for all its paced calls to get their turn: it is measured finishing its work, not
 * failing most of it.
 */
export function startNaive(entryOf: EntryOf, upstream: UpstreamSettings): Promise<BenchServer> {
  const env = { ...AWS_ENV(upstream.endpoint), PORT: '0', ...upstream.env, CLOUDCONTROL_TIMEOUT_MS: '300000' };
  return started('naive resolver', run(entryOf('bench/naive-server.ts'), env), isListening);
}

/** Stock graphql-yoga, or (`bodyStream: false`) yoga without its body-size stream, as the gateway runs. */
export function startBareYoga(entryOf: EntryOf, bodyStream = true): Promise<BenchServer> {
  const name = bodyStream ? 'bare graphql-yoga' : 'bare yoga, no body stream';
  return started(name, run(entryOf('bench/bare-server.ts'), { PORT: '0', BARE_BODY_STREAM: bodyStream ? 'on' : 'off' }), isListening);
}

const isListening = (line: Record<string, any>) => line.msg === 'listening';

async function started(name: string, process: Running, ready: (line: Record<string, any>) => boolean): Promise<BenchServer> {
  const line = await process.waitForLine(ready, 60_000);
  // The runner keeps every line a child prints; past startup nothing it says is needed.
  process.child.stdout.removeAllListeners('data');
  process.child.stdout.resume();
  return {
    name,
    url: line.url as string,
    pid: process.child.pid!,
    stop: async () => {
      await process.stop();
    },
  };
}

/** Resident set size of a process, from /proc (Linux); null where there is none. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time a process has used, user and system, in milliseconds, from /proc (Linux); null where there is none. */
export function cpuMs(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces, hence the last parenthesis): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;
