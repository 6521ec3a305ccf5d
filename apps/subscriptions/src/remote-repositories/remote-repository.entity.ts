import { Column, Entity, PrimaryColumn } from 'typeorm';

export type CredentialsType = 'password' | 'token';

/**
 * A watched repository of a remote OCI registry, and where its polling stands. The namespace is
 * stored for the access filter (the first path segment of the repository).
 */
@Entity('remote_repositories')
export class RemoteRepositoryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The registry's origin, `https://host[:port]`. */
  @Column({ type: 'varchar', length: 2048 })
  registry!: string;

  @Column({ type: 'varchar', length: 255 })
  repository!: string;

  @Column({ type: 'varchar', length: 255 })
  namespace!: string;

  @Column({ name: 'interval_ms', type: 'int' })
  intervalMs!: number;

  @Column({ name: 'announce_existing', type: 'boolean' })
  announceExisting!: boolean;

  /** AES-256-GCM ciphertext of the credentials (see CredentialsCipher); never returned. */
  @Column({ type: 'text', nullable: true })
  credentials!: string | null;

  @Column({ name: 'credentials_type', type: 'varchar', length: 16, nullable: true })
  credentialsType!: CredentialsType | null;

  /** The first successful sync has recorded (or announced) the tags that existed. */
  @Column({ type: 'boolean', default: false })
  synced!: boolean;

  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true })
  lastSyncAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'next_sync_at', type: 'timestamptz' })
  nextSyncAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** The last digest seen for each tag of a watched repository. */
@Entity('remote_repository_tags')
export class RemoteRepositoryTagEntity {
  @PrimaryColumn({ name: 'remote_repository_id', type: 'uuid' })
  remoteRepositoryId!: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  tag!: string;

  @Column({ type: 'varchar', length: 256 })
  digest!: string;

  @Column({ name: 'media_type', type: 'varchar', length: 255, nullable: true })
  mediaType!: string | null;

  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt!: Date;
}
