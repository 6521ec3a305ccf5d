import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { GrpcAuthGuard } from './grpc-auth.guard';
import { SubscriptionChangeFeed } from './subscription-change-feed';
import { SubscriptionsGrpcController } from './subscriptions.grpc-controller';
import { SubscriptionsGrpcService } from './subscriptions-grpc.service';

/** SubscriptionService handlers; the server itself is connected in main.ts (grpcServerOptions). */
@Module({
  imports: [WebhooksModule],
  controllers: [SubscriptionsGrpcController],
  providers: [GrpcAuthGuard, SubscriptionsGrpcService, SubscriptionChangeFeed],
})
export class GrpcModule {}
