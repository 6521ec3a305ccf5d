import { KafkaSender } from '@app/common';
import { CanonicalEvent, HEADERS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { CanonicalEventPublisher, inboundRecordOf } from './canonical-event-publisher';

/** Produces canonical events to the inbound family topics through the app's one Kafka sender (acks=all). */
@Injectable()
export class KafkaCanonicalEventPublisher implements CanonicalEventPublisher {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sender: KafkaSender,
  ) {}

  async publish(events: readonly CanonicalEvent[]): Promise<void> {
    await this.sender.send(
      events.map((event) => {
        const { topic, key, value } = inboundRecordOf(event);
        return {
          topic: prefixed(this.config.KAFKA_TOPIC_PREFIX, topic),
          key,
          value,
          headers: { [HEADERS.contentType]: 'application/json' },
        };
      }),
    );
  }
}
