import { adaptNotification, CanonicalEvent, formatIssues, IngestSource, isIngestSource } from '@app/events';
import {
  BadRequestException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  CANONICAL_EVENT_PUBLISHER,
  CanonicalEventPublisher,
} from '../canonical-events/canonical-event-publisher';
import { APP_CONFIG, AppConfig } from '../config';
import { IngestResultView } from './dto/ingest-result.view';
import { IngestMetrics } from './ingest-metrics';
import { IngestTokenCheck } from './ingest-tokens';

export interface IngestRequest {
  authorization?: string;
  queryToken?: string;
  contentType?: string;
  /** The raw body; undefined when the request had none. */
  body?: Buffer;
  requestId: string;
}

/** Kafka did not acknowledge in time: the registry should retry (503 with Retry-After). */
export class IngestUnavailableError extends ServiceUnavailableException {
  constructor() {
    super('Kafka did not acknowledge the events in time; retry later (a retry is delivered once)');
  }
}

/**
 * A registry's native notification in, canonical events on the family topics out. 202 only once
 * Kafka acknowledged every event; a retry after a 503 carries the same ids, so nothing is
 * delivered twice.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger('Ingest');
  private readonly tokens: IngestTokenCheck;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CANONICAL_EVENT_PUBLISHER) private readonly publisher: CanonicalEventPublisher,
    private readonly metrics: IngestMetrics,
  ) {
    this.tokens = new IngestTokenCheck(config.INGEST_TOKENS);
  }

  async receive(sourceName: string, request: IngestRequest): Promise<IngestResultView> {
    const source = this.servedSource(sourceName);
    if (!this.tokens.accepts(source, request)) {
      throw new UnauthorizedException(
        `the ${source} ingest token is required (Authorization: Bearer <token>, or ?token=<token>)`,
      );
    }
    const adapted = adaptNotification(
      source,
      { body: request.body ?? Buffer.alloc(0), contentType: request.contentType, receivedAt: new Date() },
      this.config.INGEST_MAX_BODY_BYTES,
    );
    if (!adapted.ok) {
      const reason = formatIssues(adapted.errors);
      this.logger.warn({ source, requestId: request.requestId, reason }, `${source} notification refused`);
      throw new BadRequestException(`not a ${source} notification: ${reason}`);
    }
    const { events, ignored } = adapted.value;
    try {
      await this.publishWithin(events, this.config.INGEST_PUBLISH_TIMEOUT);
    } catch (error) {
      this.logger.warn(
        { source, requestId: request.requestId, err: error, events: events.length },
        `${source} notification not accepted: Kafka did not acknowledge it`,
      );
      throw new IngestUnavailableError();
    }
    this.metrics.forwarded(
      source,
      events.map((event) => event.type),
    );
    this.metrics.notForwarded(source, ignored);
    this.logger.log(
      {
        source,
        requestId: request.requestId,
        events: events.map(({ id, type }) => ({ id, type })),
        ignored,
      },
      `${source} notification: ${events.length} event(s) produced, ${ignored.length} ignored`,
    );
    return { events: events.map(({ id, type }) => ({ id, type })), ignored: ignored.length };
  }

  /** 404 for a name that is not a source and for a source without a token: neither is served. */
  private servedSource(name: string): IngestSource {
    if (isIngestSource(name) && this.tokens.serves(name)) return name;
    throw new NotFoundException(
      this.config.INGEST_TOKENS === undefined
        ? 'ingest is off (INGEST_TOKENS is not set)'
        : 'no ingest endpoint for this source',
    );
  }

  private async publishWithin(events: readonly CanonicalEvent[], ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no acknowledgement within ${ms} ms`)), ms);
    });
    try {
      await Promise.race([this.publisher.publish(events), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
