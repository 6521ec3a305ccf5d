import { REDACT_PATHS } from '@app/common';
import { RequestMethod } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import { AppConfig } from './config';

/** Injection token for the app's root pino logger, which request logs and kafkajs's logs go through. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Probes and scrapes would drown the request log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The app's root logger: structured JSON; Authorization, secrets and cookies never reach it. */
export function createAppLogger(config: AppConfig): Logger {
  return pino({
    name: 'subscriptions',
    level: config.LOG_LEVEL,
    redact: { paths: [...REDACT_PATHS, 'req.headers.cookie'], censor: '[redacted]' },
  });
}

/** Request logs through the root logger. */
export function loggerParams(logger: Logger): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger,
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
