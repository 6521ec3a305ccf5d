import { DeliveryRecord } from '@app/events';
import { ConflictException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { WebhooksService } from '../webhooks/webhooks.service';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import { RecoverDto, RecoveryView } from './dto/recover.dto';
import { RedeliveryPublisher } from './redelivery.publisher';
import { redeliveryRecord } from './redelivery-record';

/** Records queued at once; each is its own acknowledged produce request. */
const PUBLISH_CONCURRENCY = 16;

/** "Recover failed since…": every event whose delivery failed for good since a time, sent again. */
@Injectable()
export class DeliveryRecoveryService {
  private readonly logger = new Logger('DeliveryRecovery');

  constructor(
    private readonly stats: DeliveryStatsRepository,
    private readonly webhooks: WebhooksService,
    private readonly publisher: RedeliveryPublisher,
  ) {}

  async recover(principal: Principal, webhookId: string, request: RecoverDto): Promise<RecoveryView> {
    const webhook = await this.webhooks.findVisible(principal, webhookId);
    if (!webhook.enabled) throw new ConflictException('the webhook is disabled; enable it before recovering');
    const since = new Date(request.since);
    const now = new Date();
    const records = (await this.stats.failedSince(webhookId, since)).map((delivery) =>
      redeliveryRecord(delivery, now),
    );
    const queued = await this.publishAll(records);
    if (queued < records.length) {
      throw new ServiceUnavailableException(
        `at least ${queued} of ${records.length} redeliveries were queued before Kafka became unavailable; ` +
          'recover again to queue the rest',
      );
    }
    return {
      since: since.toISOString(),
      count: records.length,
      deliveryIds: records.map((r) => r.deliveryId),
    };
  }

  /** How many of `records`, in order, are surely queued: all before the first chunk that failed. */
  private async publishAll(records: readonly DeliveryRecord[]): Promise<number> {
    for (let start = 0; start < records.length; start += PUBLISH_CONCURRENCY) {
      const chunk = records.slice(start, start + PUBLISH_CONCURRENCY);
      try {
        await Promise.all(chunk.map((record) => this.publisher.publish(record)));
      } catch (error) {
        this.logger.warn({ err: error, webhookId: chunk[0].subscriptionId }, 'recovery could not be queued');
        return start;
      }
    }
    return records.length;
  }
}
