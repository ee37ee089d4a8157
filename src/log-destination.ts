import pino from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from './logger';

/** How long an exit waits for the log's last lines while standard output is not read. */
const END_MS = 2000;

export interface LogDestination {
  stream: ReturnType<typeof pino.destination>;
  /** The logger that reports a spell of dropped lines. */
  reportTo(logger: Logger): void;
  /**
   * For an exit: reports a spell of dropped lines not yet reported, writes what waits and
   * closes the log; resolves when the last line is written, or after 2 s while the output is
   * not read. Past the bound what waits is let go, as dropped lines are: exiting with lines
   * waiting would otherwise write them synchronously into the full pipe (pino flushes its
   * destinations on exit) and hold the process for good.
   */
  end(): Promise<void>;
}

/**
 * Standard output, written asynchronously: lines logged while one write is in flight go out
 * together instead of one system call each.
 *
 * A reader that stops reading (a stuck log collector) holds that write, and every later line
 * would wait in memory until the process runs out of it. At most `bufferBytes` of log text wait;
 * beyond that, lines are dropped and counted in `log_lines_dropped_total`, and requests are
 * served as before. One warning in the log says how many lines a spell cost, once everything
 * waiting has been written (the next lull in logging, or the exit). Nothing is written to
 * standard error meanwhile: a pipe there is written synchronously, and is often read by the same
 * stuck collector.
 */
export function createLogDestination(bufferBytes: number, registry: Registry): LogDestination {
  // Node opens its stdout stream on a pipe non-blocking, for itself and for this destination,
  // which writes to the same descriptor. The first use of `process.stdout` does it, so it is made
  // here, before the first write: on a blocking pipe a write to a stuck reader would wait in the
  // thread pool, and an exit would wait for that thread for good. Non-blocking, sonic-boom retries
  // the write every 100 ms instead.
  void process.stdout;
  const stream = pino.destination({ dest: 1, sync: false, maxLength: bufferBytes });
  const dropped = new Counter({
    name: 'log_lines_dropped_total',
    help: 'Log lines dropped because LOG_BUFFER_BYTES of log text were already waiting to be written to standard output.',
    registers: [registry],
  });
  let logger: Logger | undefined;
  let spell = 0;
  const report = () => {
    if (spell === 0) return;
    const lines = spell;
    spell = 0;
    logger?.warn(
      { droppedLines: lines, bufferBytes },
      `${lines} log lines were dropped: more than ${bufferBytes} bytes of log text were waiting to be written to standard output (LOG_BUFFER_BYTES)`,
    );
  };
  stream.on('drop', () => {
    dropped.inc();
    spell += 1;
    // 'drain': every line still waiting has been written.
    if (spell === 1) stream.once('drain', report);
  });
  return {
    stream,
    reportTo: (to) => {
      logger = to;
    },
    end: () => {
      stream.off('drain', report);
      report();
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          stream.destroy();
          resolve();
        }, END_MS);
        stream.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        stream.end();
      });
    },
  };
}
