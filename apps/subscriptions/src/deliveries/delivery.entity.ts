import { DELIVERY_KINDS } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One delivery of an event (or a ping, or a redelivery) to one webhook; its status follows its latest attempt. */
@Entity('deliveries')
export class DeliveryEntity {
  /** The dispatcher's deliveryId (also the `webhook-id` header the receiver saw). */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'webhook_id', type: 'uuid' })
  webhookId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeliveryKind;

  /** The canonical event, kept so the delivery can be sent again; for a ping, the ping. */
  @Column({ type: 'jsonb' })
  event!: unknown;

  @Column({ type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ name: 'attempt_count', type: 'int' })
  attemptCount!: number;

  /** The number of the attempt the status comes from. */
  @Column({ name: 'last_attempt_number', type: 'int' })
  lastAttemptNumber!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;
}
