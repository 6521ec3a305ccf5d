import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import {
  ConflictException,
  Injectable,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Principal } from '../auth/principal';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { WebhooksService } from '../webhooks/webhooks.service';
import { deliveryFilter } from './delivery-filter';
import { DeliveryLogRepository } from './delivery-log.repository';
import { DeliveryEntity } from './delivery.entity';
import { toDeliverySummary, toDeliveryView } from './delivery.mapper';
import { DeliveryPage, DeliveryView, LastTriggerView, RedeliveryView } from './dto/delivery.response';
import { ListDeliveriesQuery } from './dto/list-deliveries.query';
import { RedeliveryPublisher } from './redelivery.publisher';
import { redeliveryRecord } from './redelivery-record';

/** The delivery log as users see it: only for webhooks they may administer (404 otherwise). */
@Injectable()
export class DeliveriesService {
  private readonly logger = new Logger('Deliveries');

  constructor(
    private readonly log: DeliveryLogRepository,
    private readonly webhooks: WebhooksService,
    private readonly publisher: RedeliveryPublisher,
  ) {}

  async list(principal: Principal, webhookId: string, query: ListDeliveriesQuery): Promise<DeliveryPage> {
    await this.webhooks.findVisible(principal, webhookId);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.log.listForWebhook(webhookId, deliveryFilter(query), page, pageSize);
    return { items: items.map(toDeliverySummary), total, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<DeliveryView> {
    const { delivery } = await this.visibleDelivery(principal, id);
    return toDeliveryView(delivery, await this.log.attemptsOf(id));
  }

  /** Sends the delivery's event again as a new delivery (kind redelivery); the dispatcher attempts it. */
  async redeliver(principal: Principal, id: string): Promise<RedeliveryView> {
    const { delivery, webhook } = await this.visibleDelivery(principal, id);
    if (delivery.kind === 'ping') {
      throw new ConflictException(
        'a ping cannot be redelivered; send a new one with POST /api/v1/webhooks/{id}/ping',
      );
    }
    if (!webhook.enabled)
      throw new ConflictException('the webhook is disabled; enable it before redelivering');
    const record = redeliveryRecord(delivery, new Date());
    try {
      await this.publisher.publish(record);
    } catch (error) {
      this.logger.warn({ err: error, deliveryId: id }, 'redelivery could not be queued');
      throw new ServiceUnavailableException(
        'the redelivery could not be queued (Kafka unavailable); try again',
      );
    }
    return { deliveryId: record.deliveryId };
  }

  async lastTriggers(principal: Principal, webhookId: string): Promise<LastTriggerView[]> {
    await this.webhooks.findVisible(principal, webhookId);
    const rows = await this.log.lastTriggers(webhookId);
    return rows.map((row) => ({
      eventType: row.eventType,
      lastTriggeredAt: row.lastTriggeredAt.toISOString(),
    }));
  }

  /** The same 404 for a delivery that does not exist and one whose webhook the caller may not see. */
  private async visibleDelivery(
    principal: Principal,
    id: string,
  ): Promise<{ delivery: DeliveryEntity; webhook: WebhookEntity }> {
    const delivery = await this.log.findById(id);
    if (delivery !== null) {
      try {
        return { delivery, webhook: await this.webhooks.findVisible(principal, delivery.webhookId) };
      } catch (error) {
        if (!(error instanceof NotFoundException)) throw error;
      }
    }
    throw new NotFoundException('delivery not found');
  }
}
