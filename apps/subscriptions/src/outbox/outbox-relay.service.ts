import { INTERNAL_TOPICS, prefixed } from '@app/events';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { KafkaSender } from '@app/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { KafkaOutboxPublisher } from './kafka-outbox-publisher';
import { OutboxRelay, RelayStatus } from './outbox-relay';
import { PgAdvisoryLock } from './pg-advisory-lock';
import { TypeOrmOutboxStore } from './typeorm-outbox-store';

const DAY_MS = 86_400_000;

/**
 * Runs the outbox relay for the app's lifetime. A Kafka outage never holds up the REST API: it
 * serves (and keeps writing the outbox) while the relay waits for Kafka in the background.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private readonly relay: OutboxRelay;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    sender: KafkaSender,
    dataSource: DataSource,
    metrics: MetricsService,
  ) {
    const store = new TypeOrmOutboxStore(dataSource);
    const topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.subscriptions);
    const published = new Counter({
      name: 'subscriptions_outbox_published_total',
      help: 'Outbox records published to Kafka',
      registers: [metrics.registry],
    });
    const failures = new Counter({
      name: 'subscriptions_outbox_publish_failures_total',
      help: 'Failed outbox relay steps (Kafka or database unavailable); the records are retried',
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'subscriptions_outbox_backlog',
      help: 'Outbox records not yet published to Kafka',
      registers: [metrics.registry],
      async collect() {
        this.set(await store.backlog());
      },
    });
    this.relay = new OutboxRelay(
      store,
      new KafkaOutboxPublisher(sender, topic),
      new PgAdvisoryLock(config.DATABASE_URL, this.logger),
      {
        pollIntervalMs: config.OUTBOX_POLL_INTERVAL,
        standbyRetryMs: Math.max(1_000, config.OUTBOX_POLL_INTERVAL),
        batchSize: 100,
        backoffInitialMs: 200,
        backoffMaxMs: 5_000,
        retentionMs: 7 * DAY_MS,
        pruneEveryMs: 3_600_000,
        stopGraceMs: 3_000,
        onPublished: (count) => published.inc(count),
        onFailure: () => failures.inc(),
        logger: this.logger,
      },
    );
  }

  get status(): RelayStatus {
    return this.relay.status;
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  wake(): void {
    this.relay.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
