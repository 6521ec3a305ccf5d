import { DeliveryRecord, INTERNAL_TOPICS, prefixed } from '@app/events';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { APP_CONFIG, AppConfig } from '../config';

/** Puts delivery records on webhooks.deliveries.v1 (key = subscription id), acknowledged by all in-sync replicas. */
@Injectable()
export class RedeliveryPublisher implements BeforeApplicationShutdown {
  private readonly producer: Producer;
  private readonly topic: string;
  private connecting?: Promise<void>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, kafka: Kafka) {
    this.topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.deliveries);
    this.producer = kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
  }

  /** Resolves once the record is durably in Kafka; rejects when Kafka cannot take it. */
  async publish(record: DeliveryRecord): Promise<void> {
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: record.subscriptionId,
          value: JSON.stringify(record),
          headers: { 'content-type': 'application/json' },
        },
      ],
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect().catch(() => undefined);
  }
}
