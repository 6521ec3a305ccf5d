import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { PingController } from './ping.controller';
import { PingService } from './ping.service';

@Module({
  imports: [WebhooksModule, DeliveriesModule],
  controllers: [PingController],
  providers: [PingService],
})
export class PingModule {}
