import pino from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from './logger';

type Stream = ReturnType<typeof pino.destination>;

/** How long an exit waits for the log's last lines to be written. */
const LOG_END_MS = 2000;

export interface LogDestination {
  stream: Stream;
  /** The logger that reports a spell of dropped lines once the output has caught up. */
  reportTo(logger: Logger): void;
}

/**
 * Standard output, written asynchronously: lines logged while one write is in flight go out
 * together instead of one system call each (written out before the exit: endLog, below).
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

/**
 * Writes what waits and closes the log, for an exit: resolves when the last line is written, or
 * after `ms` while the reader is not reading. Exiting with lines still waiting would otherwise
 * write them synchronously into the full pipe and hold the process for good (pino flushes its
 * destinations on exit); past the bound they are let go, as dropped lines are.
 */
export function endLog(stream: Stream, ms = LOG_END_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve();
    }, ms);
    stream.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.end();
  });
}
