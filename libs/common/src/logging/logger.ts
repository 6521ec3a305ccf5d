import pino, { Logger } from 'pino';

/** Structured JSON logs on stdout; secrets never reach them (see REDACT_PATHS). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  '*.authorization',
  '*.secret',
  '*.secrets',
  'headers.authorization',
  'headers["webhook-signature"]',
];

export function createLogger(service: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}

export type { Logger };

/**
 * Node's own warnings (deprecations, a negative timer that kafkajs sets when it is not throttled)
 * as structured log lines instead of bare text on stderr.
 */
export function logProcessWarnings(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ warning: warning.name }, warning.message));
}
