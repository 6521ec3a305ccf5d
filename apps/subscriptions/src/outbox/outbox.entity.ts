import { SubscriptionRecord } from '@app/events';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to publish on `webhooks.subscriptions.v1`, written in the same transaction as the
 * change itself. `payload` null is a delete (published as a tombstone).
 */
@Entity('outbox')
export class OutboxEntity {
  /** bigserial; pg returns int8 as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'aggregate_id', type: 'uuid' })
  aggregateId!: string;

  @Column({ type: 'jsonb', nullable: true })
  payload!: SubscriptionRecord | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
