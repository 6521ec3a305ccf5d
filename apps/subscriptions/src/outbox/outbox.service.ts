import { SubscriptionRecord } from '@app/events';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxEntity } from './outbox.entity';
import { OutboxRelayService } from './outbox-relay.service';

/**
 * Writes changes and their outbox records atomically. Callers change rows and enqueue records inside
 * `transaction`; the relay is woken once it commits.
 */
@Injectable()
export class OutboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.relay.wake();
    return result;
  }

  /**
   * Queues `record` (null = tombstone) for subscription `id` in the caller's transaction. Lock the
   * subscription's row before calling, so records of one subscription get ids in commit order.
   */
  async enqueue(manager: EntityManager, id: string, record: SubscriptionRecord | null): Promise<void> {
    await manager.insert(OutboxEntity, { aggregateId: id, payload: record });
  }
}
