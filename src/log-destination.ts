import pino from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from './logger';

export interface LogDestination {
  stream: ReturnType<typeof pino.destination>;
  /** The logger that reports a spell of dropped lines once the output has caught up. */
  reportTo(logger: Logger): void;
}

/**
 * Standard output, written asynchronously: lines logged while one write is in flight go out
 * together instead of one system call each (flushed before every exit, in server.ts).
 *
 * A reader that stops reading (a stuck log collector) blocks that write, and every later line
 * would wait in memory until the process runs out of it. At most `bufferBytes` of log text wait;
 * beyond that, lines are dropped and counted in `log_lines_dropped_total`, and requests are
 * served as before. When the output has caught up, one warning in the log says how many lines
 * the spell cost. Nothing is written to standard error meanwhile: a pipe there is written
 * synchronously, and is often read by the same stuck collector.
 */
export function createLogDestination(bufferBytes: number, registry: Registry): LogDestination {
  const stream = pino.destination({ dest: 1, sync: false, maxLength: bufferBytes });
  const dropped = new Counter({
    name: 'log_lines_dropped_total',
    help: 'Log lines dropped because standard output was not read and LOG_BUFFER_BYTES of log text were already waiting.',
    registers: [registry],
  });
  let logger: Logger | undefined;
  let spell = 0;
  stream.on('drop', () => {
    dropped.inc();
    spell += 1;
    // 'drain': every line still waiting has been written.
    if (spell === 1) {
      stream.once('drain', () => {
        const lines = spell;
        spell = 0;
        logger?.warn({ droppedLines: lines, bufferBytes }, `${lines} log lines were dropped: standard output was not read while ${bufferBytes} bytes of log text waited (LOG_BUFFER_BYTES)`);
      });
    }
  });
  return {
    stream,
    reportTo: (to) => {
      logger = to;
    },
  };
}
