import { AttemptRecord, INTERNAL_TOPICS, prefixed } from '@app/events';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { APP_CONFIG, AppConfig } from '../config';
import { WebhooksService } from '../webhooks/webhooks.service';
import { BackgroundConsumer } from '../kafka/background-consumer';
import { OutboxService } from '../outbox/outbox.service';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { DeliveryLogRepository } from './delivery-log.repository';

/**
 * Fills the delivery log from webhooks.attempts.v1 in one consumer group shared by every instance.
 * Each fetched batch is written in one transaction and its offset committed after the commit, so a
 * crash replays the batch, which the log absorbs (attempt ids are unique). The records are the
 * dispatcher's and trusted: parsed once, not validated again; one that is not JSON is logged and
 * skipped. Attempts of webhooks that no longer exist are dropped: the log lives and dies with its
 * webhook.
 */
@Injectable()
export class AttemptIngestionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryLog');
  private readonly consumer: BackgroundConsumer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    kafka: Kafka,
    private readonly outbox: OutboxService,
    private readonly log: DeliveryLogRepository,
    private readonly webhookRows: WebhooksRepository,
    private readonly webhooks: WebhooksService,
  ) {
    this.consumer = new BackgroundConsumer(kafka, {
      config: {
        groupId: `${config.KAFKA_TOPIC_PREFIX}subscriptions-attempts`,
        maxWaitTimeInMs: 200,
      },
      topic: prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.attempts),
      fromBeginning: true,
      run: { autoCommit: false, eachBatch: (payload) => this.ingestBatch(payload) },
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  /**
   * Writes valid records to the log in one transaction, with the disables that attempts new to the
   * log ask for (through the outbox, like any change); also used for the attempts the app makes
   * itself (pings).
   */
  async ingest(records: readonly AttemptRecord[]): Promise<void> {
    const result = await this.outbox.transaction(async (manager) => {
      const known = await this.webhookRows.existingIds(
        manager,
        records.map((r) => r.subscriptionId),
      );
      const kept = records.filter((record) => known.has(record.subscriptionId));
      const logged = await this.log.ingest(manager, kept);
      for (const { webhookId, reason } of logged.disables) {
        if (await this.webhooks.disableWithin(manager, webhookId, reason)) {
          this.logger.log({ webhookId, reason }, 'a delivery outcome asked to disable the webhook');
        }
      }
      return { ...logged, unknownWebhook: records.length - kept.length };
    });
    if (result.unknownWebhook > 0) {
      this.logger.log(
        { dropped: result.unknownWebhook },
        'dropped attempts of webhooks that no longer exist',
      );
    }
    this.logger.debug({ inserted: result.inserted, duplicates: result.duplicates }, 'attempts ingested');
  }

  private async ingestBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    const records: AttemptRecord[] = [];
    for (const message of batch.messages) {
      const record = this.parse(message, batch.topic, batch.partition);
      if (record !== undefined) records.push(record);
    }
    if (records.length > 0) await this.ingest(records);
    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary({
      topics: [
        {
          topic: batch.topic,
          partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }],
        },
      ],
    });
  }

  private parse(message: KafkaMessage, topic: string, partition: number): AttemptRecord | undefined {
    try {
      return JSON.parse(message.value?.toString('utf8') ?? 'null') ?? undefined;
    } catch {
      this.logger.warn(
        { topic, partition, offset: message.offset },
        'skipped an attempt record that is not JSON',
      );
      return undefined;
    }
  }
}
