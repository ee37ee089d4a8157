import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { run, type Running } from './support/processes';

/**
 * LOG_BUFFER_BYTES and the exit (src/log-destination.ts): a reader that stops reading the
 * gateway's standard output costs log lines, counted, never memory without bound, a request or
 * the exit. Proved by counts: every request logs one line, so the lines that arrive plus the
 * lines dropped are the requests.
 */
const query = (url: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then((response) => response.status);

const droppedLines = async (url: string) => {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  const line = /^log_lines_dropped_total (\d+)$/m.exec(text);
  if (!line) throw new Error('no log_lines_dropped_total in /metrics');
  return Number(line[1]);
};

const requestLines = (stdout: string[]) => stdout.filter((text) => text.includes('"msg":"request"') && text.includes('"path":"/graphql"'));

/**
 * Stops reading the gateway's output and sends requests, fifty at a time, until it drops a line:
 * the socket its output goes to fills (some 200 KiB here, with the part the paused stream took),
 * then the gateway's 64 KiB. Returns the requests sent and the statuses they got.
 */
async function stallUntilDropping(gateway: Running, url: string): Promise<{ sent: number; statuses: Set<number> }> {
  gateway.child.stdout.pause();
  let sent = 0;
  const statuses = new Set<number>();
  while ((await droppedLines(url)) === 0) {
    // Bounded: 20000 lines of some 200 bytes are 4 MB, several times what a socket and the buffer hold.
    if (sent >= 20_000) throw new Error(`${sent} requests logged, and no line dropped`);
    for (const status of await Promise.all(Array.from({ length: 50 }, () => query(url)))) statuses.add(status);
    sent += 50;
  }
  return { sent, statuses };
}

describe('a log reader that stops reading', () => {
  it('costs log lines beyond LOG_BUFFER_BYTES, counted in /metrics and reported once it reads again, and no request', async () => {
    const gateway = run('src/server.ts', { PORT: '0', LOG_BUFFER_BYTES: '65536' });
    try {
      const { url } = await gateway.waitForLine((line) => typeof line.url === 'string');
      expect(await droppedLines(url)).toBe(0);
      const before = requestLines(gateway.stdout).length;

      let { sent, statuses } = await stallUntilDropping(gateway, url);
      // Served as before while the output is stuck.
      for (const status of await Promise.all(Array.from({ length: 100 }, () => query(url)))) statuses.add(status);
      sent += 100;
      expect([...statuses]).toEqual([200]);

      // The reader reads again: what waited arrives whole, then one line says what was lost.
      gateway.child.stdout.resume();
      const report = await gateway.waitForLine((line) => line.droppedLines !== undefined);
      const dropped = await droppedLines(url);
      expect(dropped).toBeGreaterThan(0);
      expect(report).toMatchObject({ level: 'warn', droppedLines: dropped, bufferBytes: 65536 });
      expect(report.msg).toBe(`${dropped} log lines were dropped: more than 65536 bytes of log text were waiting to be written to standard output (LOG_BUFFER_BYTES)`);
      expect(requestLines(gateway.stdout).length - before + dropped).toBe(sent);
      for (const text of gateway.stdout) expect(() => JSON.parse(text)).not.toThrow();
    } finally {
      // Read again before stopping, should the test fail while the output is stuck.
      gateway.child.stdout.resume();
      await gateway.stop();
    }
  });

  it('does not hold the exit: SIGTERM exits 0 while the output is stuck, and writes the last line when it is read', async () => {
    const stuck = run('src/server.ts', { PORT: '0', LOG_BUFFER_BYTES: '65536' });
    const reading = run('src/server.ts', { PORT: '0' });
    try {
      const [{ url }] = await Promise.all([stuck.waitForLine((line) => typeof line.url === 'string'), reading.waitForLine((line) => typeof line.url === 'string')]);
      await stallUntilDropping(stuck, url);
      // The flush on exit would write into the full pipe and wait for a reader for good.
      expect(await stuck.stop('SIGTERM')).toBe(0);
      // With a reader, the exit waits for the last line (read in full once the output closes).
      const closed = new Promise((resolve) => reading.child.once('close', resolve));
      expect(await reading.stop('SIGTERM')).toBe(0);
      await closed;
      expect(JSON.parse(reading.stdout.at(-1)!)).toMatchObject({ msg: 'stopped' });
    } finally {
      stuck.child.stdout.resume();
      await Promise.all([stuck.stop(), reading.stop()]);
    }
  });

  it('does not hold the exit when standard output is a blocking pipe that nobody reads', async () => {
    // The child's end of the pipe is blocking, as a process is given it; nothing but the log
    // destination touches standard output in this process.
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'support', 'stuck-log.ts')], {
      cwd: join(__dirname, '..'),
      env: { PATH: process.env.PATH ?? '', STUCK_LOG_TURNS: '50' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      child.stdout.pause();
      expect(await exited).toBe(0);
    } finally {
      child.stdout.resume();
      child.kill('SIGKILL');
    }
  });
});
