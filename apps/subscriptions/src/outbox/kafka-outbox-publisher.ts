import { Kafka, Partitioners, Producer } from 'kafkajs';
import { OutboxPublisher, OutboxRow } from './outbox-relay';

/**
 * Publishes outbox rows on webhooks.subscriptions.v1: key = subscription id, value = the record as
 * JSON or null (tombstone), acks from all in-sync replicas. One request in flight per broker keeps
 * the order; idempotence stays off (the dev broker cannot do it), so a retried batch may duplicate,
 * which consumers absorb by revision.
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  private readonly producer: Producer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.producer = kafka.producer({
      allowAutoTopicCreation: true,
      idempotent: false,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async publish(rows: readonly OutboxRow[]): Promise<void> {
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: rows.map((row) =>
        row.payload === null
          ? { key: row.aggregateId, value: null }
          : {
              key: row.aggregateId,
              value: JSON.stringify(row.payload),
              headers: { 'content-type': 'application/json' },
            },
      ),
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
