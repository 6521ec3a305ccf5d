import { REDACT_PATHS } from '@app/common';
import { RequestMethod } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Params } from 'nestjs-pino';
import { AppConfig } from './config';

/** Probes and scrapes would drown the request log. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Registries that cannot send headers put their ingest token in the URL (`?token=`). */
export function withoutToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}

/**
 * Structured request logs; Authorization, cookies and URL tokens never reach them. Each request
 * gets an id, logged with everything done for it and returned as `x-request-id`.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      name: 'subscriptions',
      level: config.LOG_LEVEL,
      genReqId: (_request: IncomingMessage, response: ServerResponse) => {
        const id = randomUUID();
        response.setHeader('x-request-id', id);
        return id;
      },
      redact: { paths: [...REDACT_PATHS, 'req.headers.cookie', 'req.query.token'], censor: '[redacted]' },
      serializers: {
        req: (request: { url?: string }) =>
          request.url === undefined ? request : Object.assign(request, { url: withoutToken(request.url) }),
      },
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
    },
  };
}
