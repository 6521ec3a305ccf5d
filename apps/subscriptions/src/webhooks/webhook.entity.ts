import { EventType, Format, SigningSecret, TargetType } from '@app/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ScopeType = 'global' | 'namespace' | 'repository';
export type CloudEventsMode = 'structured' | 'binary';

/** `webhooks.target`: where and how to deliver; the Authorization value lives in its own column. */
export interface StoredTarget {
  type: TargetType;
  url: string;
  headers: Record<string, string>;
  verifyTls: boolean;
  caCert?: string;
}

/**
 * A subscription. The scope is stored flat so the list filters and the access filter are plain
 * indexed columns: a repository scope also records its namespace (the first path segment).
 */
@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 50 })
  name!: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description!: string | null;

  @Column({ name: 'scope_type', type: 'varchar', length: 16 })
  scopeType!: ScopeType;

  @Column({ name: 'scope_namespace', type: 'varchar', length: 255, nullable: true })
  scopeNamespace!: string | null;

  @Column({ name: 'scope_repository', type: 'varchar', length: 255, nullable: true })
  scopeRepository!: string | null;

  @Column({ name: 'scope_tag', type: 'varchar', length: 128, nullable: true })
  scopeTag!: string | null;

  /** Canonical names, deduplicated. */
  @Column({ type: 'text', array: true })
  events!: EventType[];

  @Column({ type: 'jsonb' })
  target!: StoredTarget;

  @Column({ type: 'text', nullable: true })
  authorization!: string | null;

  @Column({ type: 'varchar', length: 16 })
  format!: Format;

  @Column({ name: 'cloud_events_mode', type: 'varchar', length: 16, nullable: true })
  cloudEventsMode!: CloudEventsMode | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  /** Current secret first (no expiresAt), then previous ones still inside their overlap window. */
  @Column({ type: 'jsonb' })
  secrets!: SigningSecret[];

  /** Per-subscription retry delays; null = the dispatcher's DELIVERY_RETRY_SCHEDULE. */
  @Column({ name: 'retry_schedule_ms', type: 'int', array: true, nullable: true })
  retryScheduleMs!: number[] | null;

  @Column({ type: 'boolean', default: false })
  ordered!: boolean;

  @Column({ name: 'rate_limit_per_second', type: 'real', nullable: true })
  rateLimitPerSecond!: number | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Starts at 1 and increases with every change; published with each record. */
  @Column({ type: 'int' })
  revision!: number;
}
