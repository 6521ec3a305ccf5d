import { Module } from '@nestjs/common';
import { CANONICAL_EVENT_PUBLISHER } from './canonical-event-publisher';
import { KafkaCanonicalEventPublisher } from './kafka-canonical-event-publisher';

/** Canonical events this app produces itself (ingest, watched remote repositories) onto the inbound topics. */
@Module({
  providers: [{ provide: CANONICAL_EVENT_PUBLISHER, useClass: KafkaCanonicalEventPublisher }],
  exports: [CANONICAL_EVENT_PUBLISHER],
})
export class CanonicalEventsModule {}
