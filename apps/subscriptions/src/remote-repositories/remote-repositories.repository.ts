import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, LessThanOrEqual, Repository } from 'typeorm';
import { Visibility } from '../auth/access-policy';
import { whereVisible } from '../database/visibility-condition';
import { TagDigest } from './registry-client';
import { RemoteRepositoryEntity, RemoteRepositoryTagEntity } from './remote-repository.entity';

const UNIQUE_REPOSITORY = 'remote_repositories_registry_repository_key';
/** First key of the two-key advisory locks taken while a watched repository is polled. */
const SYNC_LOCK_CLASS = 7_281_334;

/** True when `error` is the one-watch-per-registry-and-repository violation. */
export function isDuplicateWatch(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === UNIQUE_REPOSITORY;
}

export type SyncRecord = Pick<
  RemoteRepositoryEntity,
  'lastSyncAt' | 'nextSyncAt' | 'lastError' | 'lastErrorAt' | 'consecutiveFailures'
> &
  Partial<Pick<RemoteRepositoryEntity, 'synced' | 'lastSuccessAt'>>;

@Injectable()
export class RemoteRepositoriesRepository {
  constructor(
    private readonly dataSource: DataSource,
    @InjectRepository(RemoteRepositoryEntity) private readonly watches: Repository<RemoteRepositoryEntity>,
    @InjectRepository(RemoteRepositoryTagEntity) private readonly tags: Repository<RemoteRepositoryTagEntity>,
  ) {}

  findById(id: string): Promise<RemoteRepositoryEntity | null> {
    return this.watches.findOneBy({ id });
  }

  async insert(watch: RemoteRepositoryEntity): Promise<void> {
    await this.watches.insert(watch);
  }

  async save(watch: RemoteRepositoryEntity): Promise<void> {
    await this.watches.save(watch, { reload: false });
  }

  async delete(id: string): Promise<void> {
    await this.watches.delete({ id });
  }

  /** One page of the watches `visibility` allows, oldest first. */
  list(visibility: Visibility, page: number, pageSize: number): Promise<[RemoteRepositoryEntity[], number]> {
    return whereVisible(this.watches.createQueryBuilder('w'), visibility, {
      namespace: 'w.namespace IN (:...namespaces)',
      repository: 'w.repository IN (:...repositories)',
    })
      .orderBy('w.createdAt', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
  }

  /** Number of recorded tags per watch. */
  async tagCounts(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.tags
      .createQueryBuilder('t')
      .select('t.remoteRepositoryId', 'id')
      .addSelect('count(*)::int', 'count')
      .where({ remoteRepositoryId: In([...ids]) })
      .groupBy('t.remoteRepositoryId')
      .getRawMany<{ id: string; count: number }>();
    return new Map(rows.map((row) => [row.id, row.count]));
  }

  async recordedTags(id: string): Promise<Map<string, TagDigest>> {
    const rows = await this.tags.findBy({ remoteRepositoryId: id });
    return new Map(
      rows.map((row) => [
        row.tag,
        { tag: row.tag, digest: row.digest, ...(row.mediaType === null ? {} : { mediaType: row.mediaType }) },
      ]),
    );
  }

  /** Ids of watches due for a poll, the most overdue first. */
  async dueIds(now: Date, limit: number): Promise<string[]> {
    const rows = await this.watches.find({
      select: { id: true },
      where: { nextSyncAt: LessThanOrEqual(now) },
      order: { nextSyncAt: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.id);
  }

  /** A successful sync: the tags as listed now replace the recorded ones, in one transaction with the watch's state. */
  async recordSuccess(
    id: string,
    tags: readonly TagDigest[],
    record: SyncRecord,
    seenAt: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const listed = tags.map((tag) => tag.tag);
      const stale = manager
        .createQueryBuilder()
        .delete()
        .from(RemoteRepositoryTagEntity)
        .where('remote_repository_id = :id', { id });
      if (listed.length > 0) stale.andWhere('tag NOT IN (:...listed)', { listed });
      await stale.execute();
      if (tags.length > 0) {
        await manager.upsert(
          RemoteRepositoryTagEntity,
          tags.map((tag) => ({
            remoteRepositoryId: id,
            tag: tag.tag,
            digest: tag.digest,
            mediaType: tag.mediaType ?? null,
            seenAt,
          })),
          ['remoteRepositoryId', 'tag'],
        );
      }
      await manager.update(RemoteRepositoryEntity, { id }, record);
    });
  }

  async recordFailure(id: string, record: SyncRecord): Promise<void> {
    await this.watches.update({ id }, record);
  }

  /**
   * Runs `work` holding the watch's advisory lock (session level, on a connection of its own), so
   * one replica polls a repository at a time. Waits up to `waitMs` for the lock; undefined when it
   * stayed taken. A lost connection releases the lock.
   */
  async withSyncLock<T>(id: string, waitMs: number, work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const deadline = Date.now() + waitMs;
      for (;;) {
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
          SYNC_LOCK_CLASS,
          id,
        ])) as { locked: boolean }[];
        if (locked) break;
        if (Date.now() >= deadline) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SYNC_LOCK_CLASS, id]);
      }
    } finally {
      await runner.release();
    }
  }
}
