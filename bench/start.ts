import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rssBytes } from './servers';

/**
 * Start time and memory of `npm start` against `node dist/server.js`: each is spawned on a port
 * of its own, on the default (local) backend as a developer runs it, and timed from the spawn to
 * the first 200 from `/health`; RSS is read once healthy, of the process serving (the gateway)
 * and of the whole tree (npm and its shell stay resident beside it under `npm start`).
 */
export interface StartResult {
  command: string;
  /** Medians over the runs. */
  healthyMs: number;
  serverRssMb: number;
  treeRssMb: number;
  runs: number;
}

const ROOT = join(__dirname, '..');
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function children(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function tree(pid: number): number[] {
  return [pid, ...children(pid).flatMap(tree)];
}

async function once(command: string, args: string[], port: number): Promise<{ healthyMs: number; serverRssMb: number; treeRssMb: number }> {
  const started = performance.now();
  // A fresh environment as a shell gives it: no npm_* variables inherited from `npm run bench`.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  const child = spawn(command, args, { cwd: ROOT, env: { ...env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode} before /health answered`);
      if (performance.now() - started > 30_000) throw new Error(`${command} ${args.join(' ')}: /health did not answer within 30 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await sleep(5);
    }
    const healthyMs = performance.now() - started;
    // Let the process settle (lazy work scheduled right after listen) before reading its memory.
    await sleep(300);
    const pids = tree(child.pid!);
    const sizes = pids.map((pid) => rssBytes(pid) ?? 0);
    return { healthyMs, serverRssMb: Math.max(...sizes) / MB, treeRssMb: sizes.reduce((a, b) => a + b, 0) / MB };
  } finally {
    // The whole group: npm, its shell and the gateway.
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
    await sleep(100);
  }
}

/**
 * npm's own launch: `npm run env` (a built-in script: npm loads, reads its configuration and the
 * package, runs a shell, exits), timed to its exit. Part of `npm start`'s time that no project can
 * remove, reported beside the comparison so its share is seen.
 */
async function npmLaunch(): Promise<number> {
  const started = performance.now();
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  const child = spawn('npm', ['run', 'env'], { cwd: ROOT, env, stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run env exited with ${code}`)))));
  return performance.now() - started;
}

export async function measureStart(runs: number, basePort: number): Promise<{ npmStart: StartResult; compiled: StartResult; npmLaunchMs: number }> {
  const results = { npm: [] as Awaited<ReturnType<typeof once>>[], node: [] as Awaited<ReturnType<typeof once>>[] };
  const launches: number[] = [];
  // Alternated, so a machine that speeds up or slows down weighs on both alike; one unmeasured run each first (disk cache).
  for (let run = -1; run < runs; run++) {
    const npm = await once('npm', ['start'], basePort);
    const node = await once(process.execPath, ['dist/server.js'], basePort + 1);
    const launch = await npmLaunch();
    if (run < 0) continue;
    results.npm.push(npm);
    results.node.push(node);
    launches.push(launch);
  }
  const summary = (command: string, list: Awaited<ReturnType<typeof once>>[]): StartResult => ({
    command,
    healthyMs: median(list.map((r) => r.healthyMs)),
    serverRssMb: median(list.map((r) => r.serverRssMb)),
    treeRssMb: median(list.map((r) => r.treeRssMb)),
    runs: list.length,
  });
  return { npmStart: summary('npm start', results.npm), compiled: summary('node dist/server.js', results.node), npmLaunchMs: median(launches) };
}

if (require.main === module) {
  measureStart(Number(process.env.BENCH_START_RUNS ?? 5), 4710).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
