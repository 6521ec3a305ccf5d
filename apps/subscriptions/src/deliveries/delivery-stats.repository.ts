import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryEntity, DeliveryStatus } from './delivery.entity';
import { HOUR_MS, HourlyCount } from './delivery-stats';

/** Read-only questions about a webhook's delivery log: health over time and what may be recovered. Pings are not counted. */
@Injectable()
export class DeliveryStatsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Deliveries created since `since`, counted per UTC hour and status. */
  async hourlyCounts(webhookId: string, since: Date): Promise<HourlyCount[]> {
    const rows: { hour: string; status: DeliveryStatus; count: number }[] = await this.dataSource.query(
      `SELECT floor(extract(epoch FROM created_at) * 1000 / $3)::bigint AS hour, status, count(*)::int AS count
         FROM deliveries
        WHERE webhook_id = $1 AND kind <> 'ping' AND created_at >= $2
        GROUP BY 1, 2`,
      [webhookId, since, HOUR_MS],
    );
    return rows.map((row) => ({ hour: Number(row.hour), status: row.status, count: row.count }));
  }

  /** The newest delivery that is not a ping, or null. */
  latest(webhookId: string): Promise<DeliveryEntity | null> {
    return this.dataSource
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .where('d.webhookId = :webhookId', { webhookId })
      .andWhere(`d.kind <> 'ping'`)
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .getOne();
  }

  /**
   * Events whose latest delivery since `since` failed for good (failed or dead), oldest first, as
   * that delivery: a redelivery already made (pending or not) stands for its event, so recovering
   * twice does not send an event twice once the first recovery is in the log.
   */
  async failedSince(
    webhookId: string,
    since: Date,
  ): Promise<Pick<DeliveryEntity, 'id' | 'webhookId' | 'event'>[]> {
    const rows: { id: string; webhook_id: string; event: unknown }[] = await this.dataSource.query(
      `SELECT id, webhook_id, event FROM (
         SELECT DISTINCT ON (event_id) id, webhook_id, event, status, created_at
           FROM deliveries
          WHERE webhook_id = $1 AND kind <> 'ping' AND created_at >= $2
          ORDER BY event_id, created_at DESC, id DESC
       ) latest
       WHERE status IN ('failed', 'dead')
       ORDER BY created_at, id`,
      [webhookId, since],
    );
    return rows.map((row) => ({ id: row.id, webhookId: row.webhook_id, event: row.event }));
  }
}
