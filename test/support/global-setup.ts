import { KafkaCluster } from '../../tools/kafka/src';
import { resolveTestPostgres } from '../../tools/local-postgres/src';

/**
 * One Apache Kafka node and one PostgreSQL server for the whole system-test run. Each test file
 * isolates itself with its own topic prefix and database (see stack.ts); the fault tests that stop
 * brokers start clusters of their own.
 */
export default async function globalSetup(): Promise<void> {
  const [kafka, postgres] = await Promise.all([KafkaCluster.start({ nodes: 1 }), resolveTestPostgres()]);
  process.env.TEST_KAFKA_BROKERS = kafka.bootstrapServers.join(',');
  process.env.TEST_POSTGRES_SERVER_URL = postgres.serverUrl;
  Object.assign(globalThis, { __testKafka: kafka, __testPostgres: postgres });
}
