import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { KafkaSettings } from './kafka-config';
import { explainKafkaError, isKafkaUnreachable } from './kafka-errors';

export interface TopicSpec {
  name: string;
  /** cleanup.policy=compact: the latest record per key is kept for ever (a table, not a log). */
  compacted?: boolean;
}

/**
 * Kafka cannot serve the app as configured: the message names the setting or topic at fault.
 * `unreachable`: no broker answered at all, which may pass; any other answer will not.
 */
export class KafkaBootError extends Error {
  readonly unreachable: boolean;

  constructor(message: string, options: { cause?: unknown; unreachable?: boolean } = {}) {
    super(message, { cause: options.cause });
    this.name = 'KafkaBootError';
    this.unreachable = options.unreachable ?? false;
  }
}

/**
 * Creates the topics the app needs that are missing (idempotent: replicas starting together each
 * create what they find missing, and Kafka keeps the first), with KAFKA_TOPIC_PARTITIONS partitions
 * and KAFKA_REPLICATION_FACTOR replicas (default min(3, brokers)). Then checks that every topic
 * that must be compacted is: a delete policy would silently drop records the app relies on. With
 * KAFKA_PROVISION_TOPICS=false it only checks that every topic exists. Returns the names it created.
 */
export async function provisionTopics(
  admin: Admin,
  topics: readonly TopicSpec[],
  settings: KafkaSettings,
  logger: Logger,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (!settings.KAFKA_PROVISION_TOPICS) {
    if (missing.length > 0) {
      throw new KafkaBootError(
        `these Kafka topics are missing and KAFKA_PROVISION_TOPICS=false: ${missing.map((t) => t.name).join(', ')}`,
      );
    }
    return [];
  }
  if (missing.length > 0) {
    const { brokers } = await admin.describeCluster();
    const replicationFactor = settings.KAFKA_REPLICATION_FACTOR ?? Math.min(3, brokers.length);
    if (replicationFactor > brokers.length) {
      throw new KafkaBootError(
        `KAFKA_REPLICATION_FACTOR is ${replicationFactor} but the Kafka cluster has ${brokers.length} broker(s)`,
      );
    }
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: settings.KAFKA_TOPIC_PARTITIONS,
        replicationFactor,
        configEntries: t.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      })),
    });
    logger.info(
      { topics: missing.map((t) => t.name), partitions: settings.KAFKA_TOPIC_PARTITIONS, replicationFactor },
      'created the Kafka topics that were missing',
    );
  }
  // Also the topics another app or replica has just created: a broker may not know them yet.
  await waitForLeaders(
    admin,
    topics.map((t) => t.name),
  );
  await checkCompaction(
    admin,
    topics.filter((t) => t.compacted),
  );
  return missing.map((t) => t.name);
}

const LEADERS_TIMEOUT_MS = 30_000;
const LEADERS_POLL_MS = 100;

/**
 * Resolves once every partition of `topics` has a leader. A broker may answer that it does not know
 * a topic for a moment after creating it (its metadata has not caught up), which kafkajs's own wait
 * for leaders does not retry, so this polls the metadata instead.
 */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
        return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline)
      throw new KafkaBootError(
        `the new topics have no leaders after ${LEADERS_TIMEOUT_MS / 1000} s: ${topics.join(', ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, LEADERS_POLL_MS));
  }
}

async function checkCompaction(admin: Admin, compacted: readonly TopicSpec[]): Promise<void> {
  if (compacted.length === 0) return;
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: compacted.map((t) => ({
      type: ConfigResourceTypes.TOPIC,
      name: t.name,
      configNames: ['cleanup.policy'],
    })),
  });
  for (const resource of resources) {
    const policy =
      resource.configEntries.find((e) => e.configName === 'cleanup.policy')?.configValue ?? 'delete';
    if (policy !== 'compact') {
      throw new KafkaBootError(
        `Kafka topic ${resource.resourceName} has cleanup.policy=${policy}; it must be compact, or subscriptions ` +
          'older than its retention disappear. Fix it with: kafka-configs.sh --alter --entity-type topics ' +
          `--entity-name ${resource.resourceName} --add-config cleanup.policy=compact`,
      );
    }
  }
}

/**
 * At boot: connects an admin client and provisions the app's topics. Any failure (refused
 * credentials, a certificate that does not verify, unreachable brokers, a topic that is not
 * compacted) becomes a KafkaBootError saying what to fix.
 */
export async function prepareKafkaTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  settings: KafkaSettings,
  logger: Logger,
): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await provisionTopics(admin, topics, settings, logger);
  } catch (error) {
    if (error instanceof KafkaBootError) throw error;
    throw new KafkaBootError(explainKafkaError(error, settings), {
      cause: error,
      unreachable: isKafkaUnreachable(error),
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
