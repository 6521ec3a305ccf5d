import { LoggerService } from '@nestjs/common';
import { Logger } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's own messages (bootstrap, routes, lifecycle errors) through a pino logger. For an app that
 * logs no requests: nestjs-pino keeps a per-request logger in an AsyncLocalStorage, and once one
 * request has been served (a health probe is enough) Node runs its async hooks on every promise
 * of the process, which on the dispatcher's hot path costs more than the logging it serves.
 */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    // Nest passes (message, stack, context); an Error passed as the message carries its own stack.
    const [stack, context] = params.length >= 2 ? params : [undefined, params[0]];
    this.write('error', message, typeof context === 'string' ? [context] : [], stack);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[], stack?: unknown): void {
    const context = params.at(-1);
    const fields: Record<string, unknown> = typeof context === 'string' ? { context } : {};
    if (typeof stack === 'string') fields.stack = stack;
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message });
    else this.logger[level](fields, String(message));
  }
}
