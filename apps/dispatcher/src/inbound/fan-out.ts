import {
  CanonicalEvent,
  DeliveryRecord,
  EventFamily,
  formatIssues,
  HEADERS,
  INTERNAL_TOPICS,
  parseInboundRecord,
  prefixed,
  SubscriptionRecord,
} from '@app/events';
import { IHeaders } from 'kafkajs';
import { OutgoingRecord } from '@app/common';
import { deliveryIdFor } from './delivery-id';

export interface InboundMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface FanOutContext {
  /** The (prefixed) topic and partition the messages came from. */
  topic: string;
  partition: number;
  family: EventFamily;
  topicPrefix: string;
  maxEventBytes: number;
  now: Date;
  match: (event: CanonicalEvent) => SubscriptionRecord[];
  /** Whether an event with this id was fanned out before (the dedup window, or still being produced). */
  seen: (eventId: string) => boolean;
}

export interface FanOutResult {
  /** Invalid records and delivery records, in the order of the inbound messages. */
  records: OutgoingRecord[];
  /** Ids of the valid events read (to remember in the dedup window once the records are in Kafka). */
  eventIds: string[];
  counts: { matched: number; unmatched: number; duplicate: number; invalid: number; deliveries: number };
}

const JSON_HEADERS = { [HEADERS.contentType]: 'application/json' };

/**
 * Turns inbound records into what goes back to Kafka: an invalid record keeps its bytes and key
 * and goes to the invalid topic with the reason and its origin in headers; a valid event seen
 * before (within the dedup window, or earlier in these messages) is dropped; any other valid event
 * becomes one delivery record per matching subscription, keyed by subscription id.
 */
export function fanOut(messages: readonly InboundMessage[], context: FanOutContext): FanOutResult {
  const { topic, partition, family, topicPrefix, maxEventBytes, now, match, seen } = context;
  const invalidTopic = prefixed(topicPrefix, INTERNAL_TOPICS.invalid);
  const deliveriesTopic = prefixed(topicPrefix, INTERNAL_TOPICS.deliveries);
  const createdAt = now.toISOString();
  const records: OutgoingRecord[] = [];
  const eventIds = new Set<string>();
  const counts = { matched: 0, unmatched: 0, duplicate: 0, invalid: 0, deliveries: 0 };

  for (const message of messages) {
    const parsed = parseInboundRecord(message.value, family, maxEventBytes);
    if (!parsed.ok) {
      counts.invalid += 1;
      records.push({
        topic: invalidTopic,
        key: message.key === null ? null : message.key.toString('utf8'),
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.invalidReason]: formatIssues(parsed.errors),
          [HEADERS.sourceTopic]: topic,
          [HEADERS.sourcePartition]: String(partition),
          [HEADERS.sourceOffset]: message.offset,
        },
      });
      continue;
    }
    const event = parsed.value;
    if (eventIds.has(event.id) || seen(event.id)) {
      counts.duplicate += 1;
      continue;
    }
    eventIds.add(event.id);
    const subscriptions = match(event);
    if (subscriptions.length === 0) counts.unmatched += 1;
    else counts.matched += 1;
    for (const subscription of subscriptions) {
      const delivery: DeliveryRecord = {
        deliveryId: deliveryIdFor(event.id, subscription.id, event.occurredAt),
        subscriptionId: subscription.id,
        kind: 'event',
        event,
        attempt: 1,
        createdAt,
      };
      records.push({
        topic: deliveriesTopic,
        key: subscription.id,
        value: JSON.stringify(delivery),
        headers: JSON_HEADERS,
      });
      counts.deliveries += 1;
    }
  }
  return { records, eventIds: [...eventIds], counts };
}
