import { SUBSCRIPTION_SERVICE } from '@app/proto';
import { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { Controller, UseFilters, UseGuards } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { Observable } from 'rxjs';
import { GrpcAuthGuard } from './grpc-auth.guard';
import { GrpcExceptionFilter } from './grpc-exception.filter';
import { SubscriptionChangeFeed } from './subscription-change-feed';
import {
  GetSubscriptionRequest,
  ListSubscriptionsRequest,
  ListSubscriptionsResponse,
  MatchSubscriptionsRequest,
  MatchSubscriptionsResponse,
  SubscriptionChange,
  SubscriptionMessage,
} from './subscription-messages';
import { SubscriptionsGrpcService } from './subscriptions-grpc.service';

/** registry_webhooks.v1.SubscriptionService (libs/proto/registry_webhooks/v1/subscriptions.proto). */
@Controller()
@UseGuards(GrpcAuthGuard)
@UseFilters(GrpcExceptionFilter)
export class SubscriptionsGrpcController {
  constructor(
    private readonly subscriptions: SubscriptionsGrpcService,
    private readonly feed: SubscriptionChangeFeed,
  ) {}

  @GrpcMethod(SUBSCRIPTION_SERVICE, 'GetSubscription')
  getSubscription(request: GetSubscriptionRequest): Promise<SubscriptionMessage> {
    return this.subscriptions.get(request);
  }

  @GrpcMethod(SUBSCRIPTION_SERVICE, 'ListSubscriptions')
  listSubscriptions(request: ListSubscriptionsRequest): Promise<ListSubscriptionsResponse> {
    return this.subscriptions.list(request);
  }

  @GrpcMethod(SUBSCRIPTION_SERVICE, 'MatchSubscriptions')
  matchSubscriptions(request: MatchSubscriptionsRequest): Promise<MatchSubscriptionsResponse> {
    return this.subscriptions.match(request);
  }

  /**
   * Streams changes until the client cancels or the server stops. The response headers go out
   * once the feed is live: from then on, every committed change is streamed.
   */
  @GrpcMethod(SUBSCRIPTION_SERVICE, 'WatchSubscriptions')
  watchSubscriptions(
    _request: unknown,
    _metadata: Metadata,
    call: ServerWritableStream<unknown, SubscriptionChange>,
  ): Observable<SubscriptionChange> {
    return new Observable<SubscriptionChange>((subscriber) => {
      const subscription = this.feed.changes.subscribe(subscriber);
      void this.feed.live.then(() => {
        if (!subscriber.closed) call.sendMetadata(new Metadata());
      });
      return subscription;
    });
  }
}
