import { DevKafka } from '@tools/dev-kafka';
import { Kafka } from 'kafkajs';
import { testKafka } from '../../test/support/kafka';

/** The broker of one benchmark: fresh for each, with its topics created before anything connects. */
export interface BenchBroker {
  readonly bootstrapServers: string[];
  /** The broker process, whose CPU each figure reports. */
  readonly pid: number;
  readonly kafka: Kafka;
  stop(): Promise<void>;
}

/** What the figures are measured on, named at the top of bench/results/latest.json. */
export const BENCH_BROKER = 'dev-kafka (librdkafka mock cluster)';

export async function startBenchBroker(topics: { name: string; partitions: number }[]): Promise<BenchBroker> {
  const broker = await DevKafka.start({ topics });
  return {
    bootstrapServers: broker.bootstrapServers,
    pid: broker.pid,
    kafka: testKafka(broker.bootstrapServers),
    stop: () => broker.stop(),
  };
}
