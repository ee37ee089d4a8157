import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: string[];
  stderr: string[];
  /** The first JSON log line that satisfies the predicate. */
  waitForLine(predicate: (line: Record<string, any>) => boolean, timeoutMs?: number): Promise<Record<string, any>>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Heap in MB that survives a full collection; needs `run(..., { heapProbe: true })`. */
  retainedHeapMb(): Promise<number>;
  /** The npm packages loaded so far; needs `run(..., { moduleProbe: true })`. */
  loadedPackages(): Promise<string[]>;
  /** Signals the preloaded probe (SIGUSR2) and answers the named field of the line it prints. */
  probe(field: string): Promise<unknown>;
}

/**
 * Runs one of the project's entry points (src/server.ts, src/emulator/main.ts, the benchmark's
 * servers) as its own process: TypeScript sources through @swc-node/register (the tests run the
 * sources, not dist/), JavaScript as is.
 */
export function run(entry: string, env: Record<string, string>, options: { heapProbe?: boolean; moduleProbe?: boolean } = {}): Running {
  // Each probe answers SIGUSR2, so a process takes one of them.
  const probe = options.heapProbe ? ['--expose-gc', '-r', join(__dirname, 'heap-probe.js')] : options.moduleProbe ? ['-r', join(__dirname, 'module-probe.js')] : [];
  const args = [...probe, ...(entry.endsWith('.ts') ? ['-r', '@swc-node/register'] : []), entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { predicate: (line: Record<string, any>) => boolean; resolve: (line: Record<string, any>) => void }[] = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      stdout.push(text);
      let parsed: Record<string, any> | undefined;
      try {
        parsed = JSON.parse(text) as Record<string, any>;
      } catch {
        continue;
      }
      for (const waiter of [...waiters]) {
        if (waiter.predicate(parsed)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(parsed);
        }
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching log line within ${timeoutMs} ms; stdout: ${stdout.join('\n')} stderr: ${stderr.join('')}`)),
          timeoutMs,
        );
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before a matching log line; stderr: ${stderr.join('')}`));
        });
        waiters.push({
          predicate,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
      });
    },
    async retainedHeapMb() {
      return ((await this.probe('heapProbe')) as number) / 1024 / 1024;
    },
    async loadedPackages() {
      return (await this.probe('modulesProbe')) as string[];
    },
    async probe(field) {
      // Waiters see only lines printed after they were added, so this is the answer to this signal.
      const answered = this.waitForLine((line) => line[field] !== undefined);
      child.kill('SIGUSR2');
      return (await answered)[field];
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
