import { KafkaSender } from '@app/common';
import { DeliveryRecord, HEADERS, INTERNAL_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';

/** Puts delivery records on webhooks.deliveries.v1 (key = subscription id), acknowledged by all in-sync replicas. */
@Injectable()
export class RedeliveryPublisher {
  private readonly topic: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sender: KafkaSender,
  ) {
    this.topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.deliveries);
  }

  /** Resolves once the record is durably in Kafka. */
  async publish(record: DeliveryRecord): Promise<void> {
    await this.sender.send([
      {
        topic: this.topic,
        key: record.subscriptionId,
        value: JSON.stringify(record),
        headers: { [HEADERS.contentType]: 'application/json' },
      },
    ]);
  }
}
