import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Counts and times every request, labelled by route pattern (never the raw path, which has ids). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const stop = this.metrics.httpDuration.startTimer();
    response.once('finish', () => {
      const routePath = (request.route as { path?: string } | undefined)?.path;
      const labels = {
        method: request.method,
        route: routePath === undefined ? 'unmatched' : `${request.baseUrl}${routePath}`,
        status_code: String(response.statusCode),
      };
      stop(labels);
      this.metrics.httpRequests.inc(labels);
    });
    next();
  }
}
