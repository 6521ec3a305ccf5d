import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxRelayService } from '../outbox/outbox-relay.service';
import { RelayStatus } from '../outbox/outbox-relay';

export interface Readiness {
  status: 'ok' | 'error';
  checks: {
    database: { status: 'up' | 'down'; error?: string };
    migrations: { status: 'up' | 'down'; pending?: boolean };
    /** Informational: the REST API works while Kafka is away (changes wait in the outbox). */
    kafka: RelayStatus;
  };
}

@Injectable()
export class ReadinessService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelayService,
  ) {}

  /** Ready = the database answers and every migration has run; Kafka is reported, not required. */
  async check(): Promise<Readiness> {
    let database: Readiness['checks']['database'] = { status: 'up' };
    let migrations: Readiness['checks']['migrations'] = { status: 'down' };
    try {
      await this.dataSource.query('SELECT 1');
      const pending = await this.dataSource.showMigrations();
      migrations = pending ? { status: 'down', pending } : { status: 'up' };
    } catch (error) {
      database = { status: 'down', error: (error as Error).message };
    }
    const ready = database.status === 'up' && migrations.status === 'up';
    return { status: ready ? 'ok' : 'error', checks: { database, migrations, kafka: this.relay.status } };
  }
}
