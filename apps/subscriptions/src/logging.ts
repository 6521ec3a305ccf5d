import { REDACT_PATHS } from '@app/common';
import { RequestMethod } from '@nestjs/common';
import { IncomingMessage } from 'node:http';
import { Params } from 'nestjs-pino';
import { AppConfig } from './config';

/** Probes and scrapes would drown the request log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Structured request logs; Authorization and cookies never reach them. */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      name: 'subscriptions',
      level: config.LOG_LEVEL,
      redact: { paths: [...REDACT_PATHS, 'req.headers.cookie'], censor: '[redacted]' },
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
