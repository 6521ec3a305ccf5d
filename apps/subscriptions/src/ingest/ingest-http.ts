import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import { IncomingMessage } from 'node:http';
import { IngestMetrics } from './ingest-metrics';

export const INGEST_PATH = 'ingest/v1';

const INGEST_URL = /^\/ingest\/v1\/([^/?]*)\/?(?:\?|$)/;

/** The `{source}` of an ingest URL, or undefined for any other URL. */
export function ingestSourceOf(url: string | undefined): string | undefined {
  return url === undefined ? undefined : INGEST_URL.exec(url)?.[1];
}

const isIngestRequest = (request: IncomingMessage): boolean => ingestSourceOf(request.url) !== undefined;

/**
 * Registers, before the JSON parser, what ingest needs of the HTTP layer: every answer counted
 * (a 413 from the body parser too, which no handler sees), and the body kept as bytes whatever
 * its Content-Type, since registries send their own media types and the adapter parses them.
 */
export function configureIngestHttp(app: NestExpressApplication, maxBodyBytes: number): void {
  const metrics = app.get(IngestMetrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const source = ingestSourceOf(request.url);
    if (source !== undefined) response.once('finish', () => metrics.request(source, response.statusCode));
    next();
  });
  app.useBodyParser('raw', { type: isIngestRequest, limit: maxBodyBytes });
}
