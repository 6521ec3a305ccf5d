import { DevKafka, ensureDevKafkaBuilt } from '../../tools/dev-kafka/src';
import { resolveTestPostgres } from '../../tools/local-postgres/src';

/**
 * One dev broker and one PostgreSQL server for the whole system-test run. Each test file
 * isolates itself with its own topic prefix and database (see stack.ts).
 */
export default async function globalSetup(): Promise<void> {
  await ensureDevKafkaBuilt();
  const [broker, postgres] = await Promise.all([DevKafka.start({ brokers: 3 }), resolveTestPostgres()]);
  process.env.TEST_KAFKA_BROKERS = broker.bootstrapServers.join(',');
  process.env.TEST_POSTGRES_SERVER_URL = postgres.serverUrl;
  Object.assign(globalThis, { __testBroker: broker, __testPostgres: postgres });
}
