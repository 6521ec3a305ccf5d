import { Injectable } from '@nestjs/common';
import { DeliveryConsumer } from '../delivery/delivery-consumer';
import { InboundConsumer } from '../inbound/inbound-consumer';
import { RetryConsumer } from '../retry/retry-consumer';
import { SubscriptionView } from '../subscription-view/subscription-view';

/** Ready = the subscription view caught up and every consumer joined its group. */
@Injectable()
export class Readiness {
  constructor(
    private readonly view: SubscriptionView,
    private readonly inbound: InboundConsumer,
    private readonly deliveries: DeliveryConsumer,
    private readonly retry: RetryConsumer,
  ) {}

  checks(): Record<'subscriptionView' | 'inbound' | 'deliveries' | 'retry', boolean> {
    return {
      subscriptionView: this.view.ready,
      inbound: this.inbound.ready,
      deliveries: this.deliveries.ready,
      retry: this.retry.ready,
    };
  }
}
