import { Registry } from 'prom-client';
import { createLogDestination } from '../../src/log-destination';

/**
 * A process that only logs (test/log-output.test.ts), into a standard output nobody reads: 200
 * lines of 200 bytes a turn of the event loop, so that writes go out until the pipe is full and
 * the next one is stuck, for `STUCK_LOG_TURNS` turns; then it ends the log and exits 0, as the
 * gateway's shutdown does. Nothing else touches `process.stdout`, so the destination meets the
 * pipe as the process was given it.
 */
const log = createLogDestination(65_536, new Registry());
const line = `${JSON.stringify({ msg: 'x'.repeat(190) })}\n`;

async function main(): Promise<void> {
  for (let turn = 0; turn < Number(process.env.STUCK_LOG_TURNS ?? 50); turn++) {
    for (let i = 0; i < 200; i++) log.stream.write(line);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await log.end();
  process.exit(0);
}

void main();
