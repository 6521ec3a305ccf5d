import { INTERNAL_TOPICS } from '@app/events';
import { KafkaCluster } from '@tools/kafka';
import { printLogsOnFailure, sleep } from '../support/helpers';
import { Stack, startStack } from '../support/stack';
import { httpWebhook } from './webhook-bodies';

/** Kafka goes down while 50 webhooks are created; once it is back on its data every change is published, in order. */
describe('outbox across a broker outage', () => {
  let broker: KafkaCluster | undefined;
  let stack: Stack | undefined;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    broker = await KafkaCluster.start({ nodes: 1 });
    stack = await startStack({ dispatchers: 0, kafkaBrokers: broker.bootstrapServers });
  });
  afterAll(async () => {
    await stack?.stop();
    await broker?.stop();
  });

  it('publishes all 50 changes in creation order after the broker comes back', async () => {
    const api = stack!;
    const subscriptions = await api.consume(INTERNAL_TOPICS.subscriptions);
    await api.createWebhook(httpWebhook({ name: 'beforeoutage' }));
    await subscriptions.waitFor(1, 30_000);

    await broker!.kill(1);
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const created = await api.createWebhook(httpWebhook({ name: `outage${String(i).padStart(2, '0')}` }));
      ids.push(created.id);
    }
    await sleep(2_000);
    await broker!.restart(1);

    const published = await subscriptions.waitFor(51, 90_000);
    const outageRecords = published.slice(1).map((m) => m.key);
    expect(new Set(outageRecords)).toEqual(new Set(ids));
    // Each record is keyed by its subscription, so order is per partition: within each partition
    // the records must follow creation order.
    const byPartition = new Map<number, string[]>();
    for (const message of published.slice(1)) {
      byPartition.set(message.partition, [...(byPartition.get(message.partition) ?? []), message.key!]);
    }
    for (const keys of byPartition.values()) {
      expect(keys).toEqual(ids.filter((id) => keys.includes(id)));
    }
    const names = published.slice(1).map((m) => (m.json as { name: string }).name);
    expect([...names].sort()).toEqual(ids.map((_, i) => `outage${String(i).padStart(2, '0')}`));
  });
});
