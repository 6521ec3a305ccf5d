import { HttpSender, signedRequest } from '@app/delivery';
import { formatPing, pingOf } from '@app/formatters';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { ulid } from 'ulid';
import { Principal } from '../auth/principal';
import { APP_CONFIG, AppConfig } from '../config';
import { AttemptIngestionService } from '../deliveries/attempt-ingestion.service';
import { toSubscriptionRecord } from '../webhooks/webhook.mapper';
import { WebhooksService } from '../webhooks/webhooks.service';
import { pingAttemptRecord, PingResult, toPingResult } from './ping-result';

export const PING_USER_AGENT = 'registry-webhooks-subscriptions';

/**
 * Sends a webhook its format's ping now, signed and guarded exactly like a delivery (the DELIVERY_*
 * settings apply), and records it in the delivery log as a delivery of kind `ping`. Whatever
 * happens on the wire is an answer, never an error: a refused connection is success:false with
 * error.code connection_refused.
 */
@Injectable()
export class PingService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Ping');
  private readonly sender: HttpSender;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly webhooks: WebhooksService,
    private readonly ingestion: AttemptIngestionService,
  ) {
    this.sender = HttpSender.fromSettings(config);
  }

  async ping(principal: Principal, webhookId: string): Promise<PingResult> {
    const webhook = await this.webhooks.findVisible(principal, webhookId);
    const subscription = toSubscriptionRecord(webhook);
    const deliveryId = ulid();
    const at = new Date();
    const ping = pingOf({ subscription, deliveryId }, at);
    const payload = formatPing({ subscription, deliveryId }, at);
    const request = signedRequest({ subscription, deliveryId, payload, now: at, userAgent: PING_USER_AGENT });
    const result = await this.sender.send(request);
    try {
      await this.ingestion.ingest([
        pingAttemptRecord({ subscriptionId: subscription.id, deliveryId, ping, request, result, at }),
      ]);
    } catch (error) {
      this.logger.warn(
        { err: error, webhookId, deliveryId },
        'ping sent but not recorded in the delivery log',
      );
    }
    return toPingResult(deliveryId, result);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.close();
  }
}
