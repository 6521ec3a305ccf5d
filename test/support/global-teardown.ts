import type { DevKafka } from '../../tools/dev-kafka/src';

export default async function globalTeardown(): Promise<void> {
  const { __testBroker, __testPostgres } = globalThis as unknown as {
    __testBroker?: DevKafka;
    __testPostgres?: { stop(): Promise<void> };
  };
  await Promise.all([__testBroker?.stop(), __testPostgres?.stop()]);
}
