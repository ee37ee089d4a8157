import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Structured JSON logs, one object per line. Nothing that could carry a secret is ever passed to
 * the logger (no headers, no credentials, no tokens; tests check the output), so there is no
 * redaction pass: it cost a per-line walk on the hottest path, the request log.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'image-pipeline-gateway' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
