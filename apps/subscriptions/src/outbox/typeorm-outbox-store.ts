import { DataSource } from 'typeorm';
import { OutboxRow, OutboxStore } from './outbox-relay';

export class TypeOrmOutboxStore implements OutboxStore {
  constructor(private readonly dataSource: DataSource) {}

  async fetchUnpublished(limit: number): Promise<OutboxRow[]> {
    const rows: { id: string; aggregate_id: string; payload: OutboxRow['payload'] }[] =
      await this.dataSource.query(
        'SELECT id, aggregate_id, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
        [limit],
      );
    return rows.map((row) => ({ id: row.id, aggregateId: row.aggregate_id, payload: row.payload }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    await this.dataSource.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [ids]);
  }

  async prunePublished(retentionMs: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM outbox WHERE published_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [retentionMs],
    );
  }

  async backlog(): Promise<number> {
    const [{ count }]: { count: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS count FROM outbox WHERE published_at IS NULL',
    );
    return count;
  }
}
