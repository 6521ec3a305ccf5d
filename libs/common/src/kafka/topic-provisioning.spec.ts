import { Admin } from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { kafkaEnv } from './kafka-config';
import { KafkaBootError, provisionTopics } from './topic-provisioning';

const logger = pino({ level: 'silent' });
const settingsWith = (env: Record<string, string> = {}) =>
  loadConfig(z.object(kafkaEnv), { KAFKA_BROKERS: 'a:9092', ...env });

/** An Admin API of a cluster with `brokers` brokers holding `topics` (name → cleanup.policy). */
function fakeAdmin(brokers: number, topics: Record<string, string>) {
  const created: {
    topic: string;
    numPartitions?: number;
    replicationFactor?: number;
    configEntries?: object[];
  }[] = [];
  let metadataCalls = 0;
  const admin = {
    describeCluster: async () => ({
      brokers: Array.from({ length: brokers }, (_, i) => ({ nodeId: i + 1 })),
    }),
    listTopics: async () => Object.keys(topics),
    createTopics: async ({ topics: requested }: { topics: typeof created }) => {
      for (const t of requested) {
        created.push(t);
        topics[t.topic] = t.configEntries?.length ? 'compact' : 'delete';
      }
      return true;
    },
    // The first answer after a create does not know the topic yet, as a broker's may.
    fetchTopicMetadata: async ({ topics: names }: { topics: string[] }) => {
      metadataCalls += 1;
      if (metadataCalls === 1)
        throw Object.assign(new Error('This server does not host this topic-partition'), {
          type: 'UNKNOWN_TOPIC_OR_PARTITION',
        });
      return { topics: names.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) };
    },
    describeConfigs: async ({ resources }: { resources: { name: string }[] }) => ({
      resources: resources.map(({ name }) => ({
        resourceName: name,
        configEntries: [{ configName: 'cleanup.policy', configValue: topics[name] }],
      })),
    }),
  };
  return { admin: admin as unknown as Admin, created };
}

describe('provisionTopics', () => {
  const wanted = [{ name: 'p.subs', compacted: true }, { name: 'p.events' }, { name: 'p.attempts' }];

  it('creates what is missing with the configured partitions and min(3, brokers) replicas, compacted where asked', async () => {
    const { admin, created } = fakeAdmin(2, { 'p.attempts': 'delete' });
    expect(
      await provisionTopics(admin, wanted, settingsWith({ KAFKA_TOPIC_PARTITIONS: '4' }), logger),
    ).toEqual(['p.subs', 'p.events']);
    expect(created).toEqual([
      {
        topic: 'p.subs',
        numPartitions: 4,
        replicationFactor: 2,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
      },
      { topic: 'p.events', numPartitions: 4, replicationFactor: 2, configEntries: [] },
    ]);
  });

  it('creates nothing when every topic exists, and takes KAFKA_REPLICATION_FACTOR over the default', async () => {
    const { admin, created } = fakeAdmin(5, {
      'p.subs': 'compact',
      'p.events': 'delete',
      'p.attempts': 'delete',
    });
    expect(await provisionTopics(admin, wanted, settingsWith(), logger)).toEqual([]);
    expect(created).toEqual([]);
    const other = fakeAdmin(5, {});
    await provisionTopics(
      other.admin,
      [{ name: 'p.x' }],
      settingsWith({ KAFKA_REPLICATION_FACTOR: '5' }),
      logger,
    );
    expect(other.created[0].replicationFactor).toBe(5);
  });

  it('refuses a replication factor above the number of brokers', async () => {
    const { admin } = fakeAdmin(1, {});
    await expect(
      provisionTopics(admin, wanted, settingsWith({ KAFKA_REPLICATION_FACTOR: '3' }), logger),
    ).rejects.toThrow(
      new KafkaBootError('KAFKA_REPLICATION_FACTOR is 3 but the Kafka cluster has 1 broker(s)'),
    );
  });

  it('stops at a subscriptions topic that is not compacted, naming it and the fix', async () => {
    const { admin } = fakeAdmin(1, { 'p.subs': 'delete' });
    await expect(provisionTopics(admin, wanted, settingsWith(), logger)).rejects.toThrow(
      /Kafka topic p\.subs has cleanup\.policy=delete; it must be compact.*--entity-name p\.subs --add-config cleanup\.policy=compact/,
    );
  });

  it('with KAFKA_PROVISION_TOPICS=false creates nothing and names the missing topics', async () => {
    const { admin, created } = fakeAdmin(3, { 'p.subs': 'compact' });
    await expect(
      provisionTopics(admin, wanted, settingsWith({ KAFKA_PROVISION_TOPICS: 'false' }), logger),
    ).rejects.toThrow(
      'these Kafka topics are missing and KAFKA_PROVISION_TOPICS=false: p.events, p.attempts',
    );
    expect(created).toEqual([]);
  });
});
