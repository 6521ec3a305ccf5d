import { allTopics, INTERNAL_TOPICS } from '@app/events';
import { ConfigResourceTypes, Kafka } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { APP_ENTRY, AppProcess } from './support/app-process';
import { deleteTopics, testKafka } from './support/kafka';
import { freePort } from '../tools/support/src';

const brokers = (): string[] => (process.env.TEST_KAFKA_BROKERS ?? '').split(',');

/** A dispatcher of its own topic prefix (it needs no database), not waited for. */
async function dispatcher(prefix: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  return new AppProcess(
    'dispatcher',
    APP_ENTRY.dispatcher,
    {
      KAFKA_BROKERS: brokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      DISPATCHER_HTTP_PORT: String(port),
      ...env,
    },
    `http://127.0.0.1:${port}`,
  );
}

/** Each app creates the topics it needs at boot, compacts the subscriptions topic, and refuses one that is not. */
describe('topics provisioned at boot', () => {
  let kafka: Kafka;
  const prefixes: string[] = [];
  const newPrefix = (): string => {
    const prefix = `topics${randomBytes(4).toString('hex')}.`;
    prefixes.push(prefix);
    return prefix;
  };

  beforeAll(() => {
    kafka = testKafka(brokers());
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deleteTopics(kafka, prefix).catch(() => undefined);
  });

  async function withAdmin<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  it('creates every topic with KAFKA_TOPIC_PARTITIONS partitions, the subscriptions topic compacted', async () => {
    const prefix = newPrefix();
    const app = await dispatcher(prefix, { KAFKA_TOPIC_PARTITIONS: '3' });
    try {
      await app.waitUntilReady();
    } finally {
      await app.stop();
    }
    await withAdmin(async (admin) => {
      const names = allTopics().map((topic) => `${prefix}${topic}`);
      const { topics } = await admin.fetchTopicMetadata({ topics: names });
      expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
        names.map((n) => [n, 3]).sort(),
      );
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: `${prefix}${INTERNAL_TOPICS.subscriptions}`,
            configNames: ['cleanup.policy'],
          },
          {
            type: ConfigResourceTypes.TOPIC,
            name: `${prefix}${INTERNAL_TOPICS.attempts}`,
            configNames: ['cleanup.policy'],
          },
        ],
      });
      expect(resources.map((r) => r.configEntries[0].configValue)).toEqual(['compact', 'delete']);
    });
  });

  it('stops at an existing subscriptions topic that is not compacted, naming it', async () => {
    const prefix = newPrefix();
    const topic = `${prefix}${INTERNAL_TOPICS.subscriptions}`;
    await withAdmin((admin) =>
      admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }),
    );
    const app = await dispatcher(prefix);
    const code = await app.exitCodeWithin(60_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain(`Kafka topic ${topic} has cleanup.policy=delete; it must be compact`);
  });

  it('with KAFKA_PROVISION_TOPICS=false creates nothing and stops naming the missing topics', async () => {
    const prefix = newPrefix();
    const app = await dispatcher(prefix, { KAFKA_PROVISION_TOPICS: 'false' });
    const code = await app.exitCodeWithin(60_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain(
      `these Kafka topics are missing and KAFKA_PROVISION_TOPICS=false: ${prefix}registry.artifact.v1`,
    );
    const left = await withAdmin((admin) => admin.listTopics());
    expect(left.filter((name) => name.startsWith(prefix))).toEqual([]);
  });
});
