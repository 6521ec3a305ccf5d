import { INTERNAL_TOPICS, prefixed } from '@app/events';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { EachMessagePayload, Kafka } from 'kafkajs';
import { Observable, Subject } from 'rxjs';
import { ulid } from 'ulid';
import { APP_CONFIG, AppConfig } from '../config';
import { BackgroundConsumer } from '../kafka/background-consumer';
import { isWebhookId } from '../webhooks/webhooks.repository';
import { toWebhookView } from '../webhooks/webhook.mapper';
import { WebhooksService } from '../webhooks/webhooks.service';
import { SubscriptionChange, toSubscriptionMessage } from './subscription-messages';

/**
 * Committed subscription changes for WatchSubscriptions, from webhooks.subscriptions.v1. Each
 * instance reads the topic in a consumer group of its own from the end, so every instance sees
 * every change whichever instance made it (the outbox relay publishes from one leader only, so a
 * hook on it would not). An upsert is streamed with the subscription as it is in the database when
 * the record is read; a tombstone as a DELETE.
 */
@Injectable()
export class SubscriptionChangeFeed
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger('SubscriptionChangeFeed');
  private readonly subject = new Subject<SubscriptionChange>();
  private readonly consumer: BackgroundConsumer;
  readonly changes: Observable<SubscriptionChange> = this.subject.asObservable();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    kafka: Kafka,
    private readonly webhooks: WebhooksService,
  ) {
    this.consumer = new BackgroundConsumer(kafka, {
      config: {
        groupId: `${config.KAFKA_TOPIC_PREFIX}subscriptions-watch-${ulid()}`,
        maxWaitTimeInMs: 100,
      },
      topic: prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.subscriptions),
      fromBeginning: false,
      run: { eachMessage: (payload) => this.onRecord(payload) },
      logger: this.logger,
    });
  }

  /** Resolves once every change committed from now on will be streamed. */
  get live(): Promise<void> {
    return this.consumer.live;
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  /** Ends the open streams (status OK) before the gRPC server closes. */
  onModuleDestroy(): void {
    this.subject.complete();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  private async onRecord({ message }: EachMessagePayload): Promise<void> {
    if (!this.subject.observed) return;
    const id = message.key?.toString('utf8') ?? '';
    if (!isWebhookId(id)) {
      this.logger.warn(
        { offset: message.offset },
        'skipped a subscription record without a subscription id key',
      );
      return;
    }
    if (message.value === null) {
      this.subject.next({ kind: 'DELETE', id });
      return;
    }
    const webhook = await this.webhooks.findWithoutAccessCheck(id);
    // Deleted since: its tombstone follows.
    if (webhook === null) return;
    this.subject.next({ kind: 'UPSERT', id, subscription: toSubscriptionMessage(toWebhookView(webhook)) });
  }
}
