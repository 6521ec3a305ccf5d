import { REDACT_PATHS } from '@app/common';
import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import { AppConfig } from './config';

/** Injection token for the app's root pino logger, which request logs and kafkajs's logs go through. */
export const APP_LOGGER = Symbol('APP_LOGGER');

/** Probes and scrapes would drown the request log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Registries that cannot send headers put their ingest token in the URL (`?token=`). */
export function withoutToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/** The app's root logger: structured JSON; Authorization, secrets, cookies and URL tokens never reach it. */
export function createAppLogger(config: AppConfig): Logger {
  return pino({
    name: 'subscriptions',
    level: config.LOG_LEVEL,
    redact: { paths: [...REDACT_PATHS, 'req.headers.cookie', 'req.query.token'], censor: '[redacted]' },
  });
}

/**
 * Request logs through the root logger. Each request gets an id, logged with everything done for
 * it and returned as `x-request-id`.
 */
export function loggerParams(logger: Logger): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      logger,
      genReqId: (_request: IncomingMessage, response: ServerResponse) => {
        const id = randomUUID();
        response.setHeader('x-request-id', id);
        return id;
      },
      serializers: {
        req: (request: { url?: string }) =>
          request.url === undefined ? request : Object.assign(request, { url: withoutToken(request.url) }),
      },
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
