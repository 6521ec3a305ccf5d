import { AttemptOutcome, AttemptRecord } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One HTTP attempt of a delivery, as the dispatcher (or the ping) recorded it; secrets already redacted. */
@Entity('delivery_attempts')
export class DeliveryAttemptEntity {
  /** `${deliveryId}:${number}`: ingesting the same attempt twice is a no-op. */
  @PrimaryColumn({ name: 'attempt_id', type: 'text' })
  attemptId!: string;

  /** deliveries.id; the row goes with its delivery (ON DELETE CASCADE). */
  @Column({ name: 'delivery_id', type: 'text' })
  deliveryId!: string;

  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'duration_ms', type: 'int' })
  durationMs!: number;

  @Column({ type: 'jsonb' })
  request!: AttemptRecord['request'];

  @Column({ type: 'jsonb', nullable: true })
  response!: AttemptRecord['response'];

  @Column({ type: 'jsonb', nullable: true })
  error!: AttemptRecord['error'];

  @Column({ type: 'varchar', length: 16 })
  outcome!: AttemptOutcome;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;
}
