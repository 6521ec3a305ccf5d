import { createKafka, createLogger } from '@app/common';
import { CanonicalEvent, HEADERS, prefixed } from '@app/events';
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { Message, Partitioners, Producer } from 'kafkajs';
import { APP_CONFIG, AppConfig } from '../config';
import { CanonicalEventPublisher, inboundRecordOf } from './canonical-event-publisher';

/** Produces canonical events to the inbound family topics, acknowledged by all in-sync replicas. */
@Injectable()
export class KafkaCanonicalEventPublisher implements CanonicalEventPublisher, BeforeApplicationShutdown {
  private readonly producer: Producer;
  private connecting?: Promise<void>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const kafka = createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? 'registry-webhooks-subscriptions',
      logger: createLogger('subscriptions', config.LOG_LEVEL),
    });
    this.producer = kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
  }

  async publish(events: readonly CanonicalEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.connecting ??= this.producer.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    const byTopic = new Map<string, Message[]>();
    for (const event of events) {
      const { topic, key, value } = inboundRecordOf(event);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key, value, headers: { [HEADERS.contentType]: 'application/json' } });
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({
        topic: prefixed(this.config.KAFKA_TOPIC_PREFIX, topic),
        messages,
      })),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.connecting) await this.producer.disconnect().catch(() => undefined);
  }
}
