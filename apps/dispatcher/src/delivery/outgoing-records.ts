import { OutgoingRecord } from '@app/common';
import {
  AttemptRecord,
  DeadLetterRecord,
  DeliveryRecord,
  HEADERS,
  INTERNAL_TOPICS,
  JSON_RECORD_HEADERS,
  prefixed,
  retryTopic,
  tierFor,
} from '@app/events';

/** The records the delivery engine produces, all keyed by subscription id, on the prefixed topics. */
export class OutgoingRecords {
  private readonly attemptsTopic: string;
  private readonly deliveriesTopic: string;
  private readonly deadLetterTopic: string;

  constructor(private readonly topicPrefix: string) {
    this.attemptsTopic = prefixed(topicPrefix, INTERNAL_TOPICS.attempts);
    this.deliveriesTopic = prefixed(topicPrefix, INTERNAL_TOPICS.deliveries);
    this.deadLetterTopic = prefixed(topicPrefix, INTERNAL_TOPICS.deadLetter);
  }

  attempt(record: AttemptRecord): OutgoingRecord {
    return this.json(this.attemptsTopic, record.subscriptionId, record);
  }

  deadLetter(record: DeadLetterRecord): OutgoingRecord {
    return this.json(this.deadLetterTopic, record.delivery.subscriptionId, record);
  }

  /** A delivery handed to the deliveries topic (spilled), for the delivery consumer group. */
  spill(delivery: DeliveryRecord): OutgoingRecord {
    return this.json(this.deliveriesTopic, delivery.subscriptionId, delivery);
  }

  /**
   * A delivery waiting `delayMs` in the retry tier that fits it, until its `notBefore`, which the
   * tier reads from a header.
   */
  retry(delivery: DeliveryRecord & { notBefore: number }, delayMs: number): OutgoingRecord {
    return {
      topic: prefixed(this.topicPrefix, retryTopic(tierFor(delayMs))),
      key: delivery.subscriptionId,
      value: JSON.stringify(delivery),
      headers: { ...JSON_RECORD_HEADERS, [HEADERS.notBefore]: String(delivery.notBefore) },
    };
  }

  private json(topic: string, key: string, value: unknown): OutgoingRecord {
    return { topic, key, value: JSON.stringify(value), headers: JSON_RECORD_HEADERS };
  }
}
