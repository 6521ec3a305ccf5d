import { KafkaSender } from '@app/common';
import { HEADERS } from '@app/events';
import { OutboxPublisher, OutboxRow } from './outbox-relay';

/**
 * Publishes outbox rows on webhooks.subscriptions.v1: key = subscription id, value = the record as
 * JSON or null (tombstone), acks from all in-sync replicas. The sender keeps one request in flight
 * and the producer is idempotent, so the order holds and a retried request is not written twice.
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  constructor(
    private readonly sender: KafkaSender,
    private readonly topic: string,
  ) {}

  async publish(rows: readonly OutboxRow[]): Promise<void> {
    await this.sender.send(
      rows.map((row) => ({
        topic: this.topic,
        key: row.aggregateId,
        value: row.payload === null ? null : JSON.stringify(row.payload),
        headers: row.payload === null ? undefined : { [HEADERS.contentType]: 'application/json' },
      })),
    );
  }
}
