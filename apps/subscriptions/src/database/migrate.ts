import { DataSource } from 'typeorm';

/** Any fixed key: every instance of the app takes the same PostgreSQL advisory lock to migrate. */
const MIGRATION_LOCK_KEY = 7_281_334_001;

/**
 * Runs pending migrations holding a session-level advisory lock, so replicas starting together on
 * an empty database migrate one after the other: the first runs them, the others find none pending.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockHolder.release();
  }
}
