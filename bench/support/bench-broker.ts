import { INTERNAL_TOPICS } from '@app/events';
import { KafkaCluster, kafkaVersion } from '@tools/kafka';
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
export function benchBrokerName(): string {
  return `apache-kafka ${kafkaVersion()}`;
}

/**
 * One Apache Kafka node (tools/kafka) on loopback, as `npm start` runs it, with `topics` created
 * (a subscriptions topic compacted, as the apps require); the apps provision the others at boot.
 */
export async function startBenchBroker(topics: { name: string; partitions: number }[]): Promise<BenchBroker> {
  const cluster = await KafkaCluster.start({ nodes: 1 });
  const kafka = testKafka(cluster.bootstrapServers);
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map(({ name, partitions }) => ({
        topic: name,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: name.endsWith(INTERNAL_TOPICS.subscriptions)
          ? [{ name: 'cleanup.policy', value: 'compact' }]
          : [],
      })),
    });
  } catch (error) {
    await cluster.stop();
    throw error;
  } finally {
    await admin.disconnect();
  }
  return {
    bootstrapServers: cluster.bootstrapServers,
    pid: cluster.pid(1)!,
    kafka,
    stop: () => cluster.stop(),
  };
}
