import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { DeliveryAttemptEntity } from '../deliveries/delivery-attempt.entity';
import { DeliveryEntity } from '../deliveries/delivery.entity';
import { OutboxEntity } from '../outbox/outbox.entity';
import {
  RemoteRepositoryEntity,
  RemoteRepositoryTagEntity,
} from '../remote-repositories/remote-repository.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { CreateWebhooksAndOutbox1732300000000 } from './migrations/1732300000000-CreateWebhooksAndOutbox';
import { CreateDeliveryLog1732400000000 } from './migrations/1732400000000-CreateDeliveryLog';
import { CreateRemoteRepositories1733000000000 } from './migrations/1733000000000-CreateRemoteRepositories';
import { TypeOrmLogger } from './typeorm-logger';

/** The schema comes from these migrations only; synchronize stays off. */
export function dataSourceOptions(url: string): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url,
    applicationName: 'registry-webhooks-subscriptions',
    entities: [
      WebhookEntity,
      OutboxEntity,
      DeliveryEntity,
      DeliveryAttemptEntity,
      RemoteRepositoryEntity,
      RemoteRepositoryTagEntity,
    ],
    migrations: [
      CreateWebhooksAndOutbox1732300000000,
      CreateDeliveryLog1732400000000,
      CreateRemoteRepositories1733000000000,
    ],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: 1_000,
  };
}
