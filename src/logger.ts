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
      timestamp: isoTimeOncePerMillisecond,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

let formattedAt = 0;
let formatted = '';

/**
 * pino's ISO `time` field, formatted once per millisecond rather than once per line: under load
 * several request lines share a millisecond, and Date's ISO formatting showed in the warm path's
 * profile. The same text as pino.stdTimeFunctions.isoTime.
 */
function isoTimeOncePerMillisecond(): string {
  const now = Date.now();
  if (now !== formattedAt) {
    formattedAt = now;
    formatted = `,"time":"${new Date(now).toISOString()}"`;
  }
  return formatted;
}
