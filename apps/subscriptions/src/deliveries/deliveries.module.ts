import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '../outbox/outbox.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AttemptIngestionService } from './attempt-ingestion.service';
import { DeliveriesController, WebhookDeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryLogRepository } from './delivery-log.repository';
import { DeliveryRecoveryService } from './delivery-recovery.service';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import { DeliveryStatsService } from './delivery-stats.service';
import { DeliveryEntity } from './delivery.entity';
import { RedeliveryPublisher } from './redelivery.publisher';
import { RetentionSweeperService } from './retention-sweeper.service';

/** The delivery log: ingestion from webhooks.attempts.v1, retention, and its REST routes. */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity]), WebhooksModule, OutboxModule],
  controllers: [WebhookDeliveriesController, DeliveriesController],
  providers: [
    DeliveryLogRepository,
    AttemptIngestionService,
    RetentionSweeperService,
    RedeliveryPublisher,
    DeliveriesService,
    DeliveryStatsRepository,
    DeliveryStatsService,
    DeliveryRecoveryService,
  ],
  exports: [AttemptIngestionService],
})
export class DeliveriesModule {}
