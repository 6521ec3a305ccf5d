import { OutgoingRecord } from '@app/common';
import {
  CanonicalEvent,
  DeliveryRecord,
  EventFamily,
  formatIssues,
  HEADERS,
  parseInboundRecord,
} from '@app/events';
import { IHeaders } from 'kafkajs';
import { deliveryIdFor } from './delivery-id';

export interface InboundMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface InboundContext {
  /** The (prefixed) topic and partition the messages come from. */
  topic: string;
  partition: number;
  family: EventFamily;
  /** The (prefixed) invalid topic. */
  invalidTopic: string;
  maxEventBytes: number;
  /** The delivery records' `createdAt`. */
  createdAt: string;
  match(event: CanonicalEvent): readonly { id: string }[];
  /**
   * True the first time a matched event's id is seen (within the dedup window); false for a
   * duplicate. Events nobody subscribed to are not remembered: a copy of one costs nothing either.
   */
  firstSight(eventId: string): boolean;
}

export type InboundRead =
  /** The record for the invalid topic: the original bytes and key, the reason and origin in headers. */
  | { kind: 'invalid'; record: OutgoingRecord }
  | { kind: 'duplicate' }
  /** A valid event and its deliveries, one per matching subscription (none: nobody subscribed). */
  | { kind: 'event'; deliveries: DeliveryRecord[] };

/**
 * What one inbound record is: invalid (it goes to the invalid topic as it is), a duplicate of a
 * matched event seen before (dropped), or an event with a delivery for each matching subscription,
 * whose id is derived from (event id, subscription id) so that reading the record again yields the
 * same.
 */
export function readInboundRecord(message: InboundMessage, context: InboundContext): InboundRead {
  const parsed = parseInboundRecord(message.value, context.family, context.maxEventBytes);
  if (!parsed.ok) {
    return {
      kind: 'invalid',
      record: {
        topic: context.invalidTopic,
        key: message.key === null ? null : message.key.toString('utf8'),
        value: message.value,
        headers: {
          ...message.headers,
          [HEADERS.invalidReason]: formatIssues(parsed.errors),
          [HEADERS.sourceTopic]: context.topic,
          [HEADERS.sourcePartition]: String(context.partition),
          [HEADERS.sourceOffset]: message.offset,
        },
      },
    };
  }
  const event = parsed.value;
  const matched = context.match(event);
  if (matched.length === 0) return { kind: 'event', deliveries: [] };
  if (!context.firstSight(event.id)) return { kind: 'duplicate' };
  const deliveries = matched.map(({ id }): DeliveryRecord => ({
    deliveryId: deliveryIdFor(event.id, id, event.occurredAt),
    subscriptionId: id,
    kind: 'event',
    event,
    attempt: 1,
    createdAt: context.createdAt,
  }));
  return { kind: 'event', deliveries };
}
