import { EventType, IgnoredReason, IngestSource, isIngestSource } from '@app/events';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** What an ingest answer means, by HTTP status: the `result` label of ingest_requests_total. */
const RESULTS: Readonly<Record<number, string>> = {
  202: 'accepted',
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  413: 'too_large',
  415: 'bad_request',
  503: 'unavailable',
};

@Injectable()
export class IngestMetrics {
  private readonly requests: Counter<'source' | 'result'>;
  private readonly events: Counter<'source' | 'type'>;
  private readonly ignored: Counter<'source' | 'reason'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.requests = new Counter({
      name: 'ingest_requests_total',
      help: 'Ingest requests answered, by source and result (accepted, bad_request, unauthorized, not_found, too_large, unavailable, error)',
      labelNames: ['source', 'result'] as const,
      registers,
    });
    this.events = new Counter({
      name: 'ingest_events_total',
      help: 'Canonical events ingested and acknowledged by Kafka, by source and type',
      labelNames: ['source', 'type'] as const,
      registers,
    });
    this.ignored = new Counter({
      name: 'ingest_ignored_total',
      help: 'Native events acknowledged but not forwarded (blobs, mounts, pings, builds, tag retention), by source and reason',
      labelNames: ['source', 'reason'] as const,
      registers,
    });
  }

  /** One answered request; a path naming no source counts as `unknown`, keeping the labels bounded. */
  request(source: string, statusCode: number): void {
    this.requests.inc({
      source: isIngestSource(source) ? source : 'unknown',
      result: RESULTS[statusCode] ?? 'error',
    });
  }

  forwarded(source: IngestSource, types: readonly EventType[]): void {
    for (const type of types) this.events.inc({ source, type });
  }

  notForwarded(source: IngestSource, reasons: readonly IgnoredReason[]): void {
    for (const reason of reasons) this.ignored.inc({ source, reason });
  }
}
