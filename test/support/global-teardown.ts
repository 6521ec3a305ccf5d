import type { KafkaCluster } from '../../tools/kafka/src';

export default async function globalTeardown(): Promise<void> {
  const { __testKafka, __testPostgres } = globalThis as unknown as {
    __testKafka?: KafkaCluster;
    __testPostgres?: { stop(): Promise<void> };
  };
  await Promise.all([__testKafka?.stop(), __testPostgres?.stop()]);
}
