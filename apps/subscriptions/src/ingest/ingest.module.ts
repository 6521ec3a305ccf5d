import { Module } from '@nestjs/common';
import { CanonicalEventsModule } from '../canonical-events/canonical-events.module';
import { IngestController } from './ingest.controller';
import { IngestMetrics } from './ingest-metrics';
import { IngestService } from './ingest.service';

/** POST /ingest/v1/{source}: registry-native notifications onto the inbound topics. */
@Module({
  imports: [CanonicalEventsModule],
  controllers: [IngestController],
  providers: [IngestService, IngestMetrics],
})
export class IngestModule {}
