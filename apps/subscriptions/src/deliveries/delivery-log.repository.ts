import { AttemptRecord } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity, DeliveryStatus } from './delivery.entity';
import { DisableRequest, deliveryUpdates, disableRequests, planIngestion } from './attempt-ingestion';
import { RetentionPolicy, retentionQuery } from './retention';

export interface IngestResult {
  /** Attempts new to the log. */
  inserted: number;
  /** Attempts already in the log (replays). */
  duplicates: number;
  /** What the attempts new to the log ask to disable (410 Gone, sustained failure). */
  disables: DisableRequest[];
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  eventType?: string;
  /** What the event was about: its target's repository, tag and digest. */
  repository?: string;
  tag?: string;
  digest?: string;
  /** Created at or after `from`, before `to`. */
  from?: Date;
  to?: Date;
}

/** The event's target fields the delivery log filters on (jsonb of the canonical event). */
const TARGET_FILTERS = { repository: 'repository', tag: 'tag', digest: 'digest' } as const;

/** jsonb refuses U+0000, which a receiver's body may contain; it is kept visible as U+FFFD. */
function jsonParam(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' ? v.replaceAll('\u0000', '\uFFFD') : v,
  );
}

/** Reads and writes the delivery log (tables deliveries and delivery_attempts). */
@Injectable()
export class DeliveryLogRepository {
  constructor(
    @InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>,
    @InjectRepository(DeliveryAttemptEntity) private readonly attempts: Repository<DeliveryAttemptEntity>,
  ) {}

  /**
   * Writes attempt records of existing webhooks with `manager` (the caller's transaction).
   * Idempotent: an attempt already in the log is skipped and does not touch its delivery.
   */
  async ingest(manager: EntityManager, records: readonly AttemptRecord[]): Promise<IngestResult> {
    const plan = planIngestion(records);
    if (plan.attempts.length === 0) return { inserted: 0, duplicates: 0, disables: [] };

    await manager.query(
      `INSERT INTO deliveries (id, webhook_id, event_id, event_type, kind, event, status, attempt_count,
                               last_attempt_number, created_at, updated_at)
       SELECT id, webhook_id, event_id, event_type, kind, event, 'pending', 0, 0, created_at, now()
         FROM jsonb_to_recordset($1::jsonb)
           AS r(id text, webhook_id uuid, event_id text, event_type text, kind text, event jsonb, created_at timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      [jsonParam(plan.deliveries)],
    );
    const inserted: { attempt_id: string }[] = await manager.query(
      `INSERT INTO delivery_attempts (attempt_id, delivery_id, number, at, duration_ms, request, response, error,
                                      outcome, next_attempt_at)
       SELECT r.attempt_id, r.delivery_id, r.number, r.at, r.duration_ms, r.request, r.response, r.error,
              r.outcome, r.next_attempt_at
         FROM jsonb_to_recordset($1::jsonb)
           AS r(attempt_id text, delivery_id text, number int, at timestamptz, duration_ms int, request jsonb,
                response jsonb, error jsonb, outcome text, next_attempt_at timestamptz)
       ON CONFLICT (attempt_id) DO NOTHING
       RETURNING attempt_id`,
      [jsonParam(plan.attempts)],
    );
    const insertedIds = inserted.map((row) => row.attempt_id);
    const updates = deliveryUpdates(plan, insertedIds);
    if (updates.length > 0) {
      await manager.query(
        `UPDATE deliveries d
            SET attempt_count = d.attempt_count + u.added,
                status = CASE WHEN u.last_attempt_number > d.last_attempt_number THEN u.status ELSE d.status END,
                last_attempt_at = CASE WHEN u.last_attempt_number > d.last_attempt_number
                                       THEN u.last_attempt_at ELSE d.last_attempt_at END,
                last_attempt_number = GREATEST(d.last_attempt_number, u.last_attempt_number),
                updated_at = now()
           FROM jsonb_to_recordset($1::jsonb)
             AS u(id text, added int, last_attempt_number int, status text, last_attempt_at timestamptz)
          WHERE d.id = u.id`,
        [jsonParam(updates)],
      );
    }
    return {
      inserted: insertedIds.length,
      duplicates: plan.attempts.length - insertedIds.length,
      disables: disableRequests(plan, insertedIds),
    };
  }

  /** Newest first. */
  async listForWebhook(
    webhookId: string,
    filter: DeliveryFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: DeliveryEntity[]; total: number }> {
    const query = this.deliveries
      .createQueryBuilder('d')
      .where('d.webhookId = :webhookId', { webhookId })
      .orderBy('d.createdAt', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (filter.status !== undefined) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.eventType !== undefined)
      query.andWhere('d.eventType = :eventType', { eventType: filter.eventType });
    for (const [name, field] of Object.entries(TARGET_FILTERS)) {
      const value = filter[name as keyof typeof TARGET_FILTERS];
      if (value !== undefined) query.andWhere(`d.event->'target'->>'${field}' = :${name}`, { [name]: value });
    }
    if (filter.from !== undefined) query.andWhere('d.createdAt >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('d.createdAt < :to', { to: filter.to });
    const [items, total] = await query.getManyAndCount();
    return { items, total };
  }

  findById(id: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  /** Oldest first. */
  attemptsOf(deliveryId: string): Promise<DeliveryAttemptEntity[]> {
    return this.attempts.find({ where: { deliveryId }, order: { number: 'ASC' } });
  }

  /** When each event type last triggered the webhook (deliveries of kind `event`), most recent first. */
  async lastTriggers(webhookId: string): Promise<{ eventType: string; lastTriggeredAt: Date }[]> {
    const rows: { event_type: string; last_triggered_at: Date }[] = await this.deliveries.query(
      `SELECT event_type, max(created_at) AS last_triggered_at
         FROM deliveries
        WHERE webhook_id = $1 AND kind = 'event'
        GROUP BY event_type
        ORDER BY last_triggered_at DESC, event_type`,
      [webhookId],
    );
    return rows.map((row) => ({ eventType: row.event_type, lastTriggeredAt: row.last_triggered_at }));
  }

  /** Deletes what the policy no longer keeps, `batchSize` rows per statement; returns how many deliveries went. */
  async sweep(policy: RetentionPolicy, now: Date, batchSize: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { sql, parameters } = retentionQuery(policy, now, batchSize);
      const [, count] = (await this.deliveries.query(sql, parameters)) as [unknown, number];
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }
}
