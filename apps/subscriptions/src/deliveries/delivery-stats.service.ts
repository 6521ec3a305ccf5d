import { BadRequestException, Injectable } from '@nestjs/common';
import { Principal } from '../auth/principal';
import { WebhooksService } from '../webhooks/webhooks.service';
import { HOUR_MS, windowStats } from './delivery-stats';
import { DeliveryStatsRepository } from './delivery-stats.repository';
import { StatsQuery } from './dto/stats.query';
import { WebhookStatsView } from './dto/stats.response';

export const DEFAULT_STATS_WINDOW_MS = 24 * HOUR_MS;
/** A month of hourly entries at most; the delivery log keeps 30 days by default. */
export const MAX_STATS_WINDOW_MS = 31 * 24 * HOUR_MS;

/** A webhook's health over time, for its failure rate and deliveries chart. */
@Injectable()
export class DeliveryStatsService {
  constructor(
    private readonly stats: DeliveryStatsRepository,
    private readonly webhooks: WebhooksService,
  ) {}

  async forWebhook(principal: Principal, webhookId: string, query: StatsQuery): Promise<WebhookStatsView> {
    await this.webhooks.findVisible(principal, webhookId);
    const until = new Date();
    const since =
      query.since === undefined ? new Date(until.getTime() - DEFAULT_STATS_WINDOW_MS) : new Date(query.since);
    if (since.getTime() > until.getTime()) throw new BadRequestException('since must not be in the future');
    if (until.getTime() - since.getTime() > MAX_STATS_WINDOW_MS) {
      throw new BadRequestException('since must be at most 31 days ago');
    }
    const [rows, latest] = await Promise.all([
      this.stats.hourlyCounts(webhookId, since),
      this.stats.latest(webhookId),
    ]);
    return {
      ...windowStats(rows, since, until),
      lastDelivery:
        latest === null
          ? null
          : { id: latest.id, createdAt: latest.createdAt.toISOString(), status: latest.status },
    };
  }
}
