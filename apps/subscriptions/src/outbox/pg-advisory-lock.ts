import { Client } from 'pg';
import { LeaderLock, RelayLogger } from './outbox-relay';

const LOCK_KEY = 'registry-webhooks:outbox-relay';

/**
 * Session-level pg_try_advisory_lock on a connection of its own (never a pooled one, which would
 * hand the lock to whoever borrows it next). The lock lives as long as the connection: if that
 * drops, leadership is lost and the next tryAcquire reconnects. Advisory locks are per database.
 */
export class PgAdvisoryLock implements LeaderLock {
  private client?: Client;
  private acquired = false;

  constructor(
    private readonly connectionString: string,
    private readonly logger: RelayLogger,
  ) {}

  get held(): boolean {
    return this.acquired;
  }

  async tryAcquire(): Promise<boolean> {
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ acquired: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS acquired',
      [LOCK_KEY],
    );
    this.acquired = rows[0].acquired;
    return this.acquired;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.acquired = false;
    await client?.end();
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: 'subscriptions-outbox-relay',
    });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      if (this.acquired)
        this.logger.warn(`outbox relay: lock connection lost${error ? ` (${error.message})` : ''}`);
      this.client = undefined;
      this.acquired = false;
      client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }
}
