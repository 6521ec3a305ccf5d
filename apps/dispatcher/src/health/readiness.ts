import { Injectable } from '@nestjs/common';
import { InboundConsumer } from '../inbound/inbound-consumer';
import { RetryConsumer } from '../retry/retry-consumer';
import { SpillConsumer } from '../spill/spill-consumer';
import { SubscriptionView } from '../subscription-view/subscription-view';

/** Ready = the subscription view caught up and every consumer joined its group. */
@Injectable()
export class Readiness {
  constructor(
    private readonly view: SubscriptionView,
    private readonly inbound: InboundConsumer,
    private readonly spill: SpillConsumer,
    private readonly retry: RetryConsumer,
  ) {}

  checks(): Record<'subscriptionView' | 'inbound' | 'deliveries' | 'retry', boolean> {
    return {
      subscriptionView: this.view.ready,
      inbound: this.inbound.ready,
      deliveries: this.spill.ready,
      retry: this.retry.ready,
    };
  }
}
