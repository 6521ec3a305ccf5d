import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

@Module({
  imports: [OutboxModule],
  controllers: [HealthController],
  providers: [ReadinessService],
})
export class HealthModule {}
