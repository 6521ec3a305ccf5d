import { CanonicalEvent, INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { KafkaCluster } from '../../tools/kafka/src';
import { printLogsOnFailure, produceStreaming, sleep, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const NAMESPACES = 10;
const REPOSITORIES_PER_NAMESPACE = 10;
/** How long the events may take to arrive once all are produced. */
const DRAIN_MS = 120_000;
/** Once all arrived, how long late copies are still waited for. */
const SETTLE_MS = 2_000;

const namespaceOf = (index: number): string => `ns${String(index).padStart(2, '0')}`;

interface Outcome {
  events: number;
  lost: number;
  duplicates: number;
  /** The longest time without a delivery, from the fault until the last event arrived. */
  longestStallMs: number;
}

/**
 * Our apps on a three-node Apache Kafka cluster (replication factor 3, min.insync.replicas=2,
 * producers acks=all, idempotent) while brokers fail under them: the broker that leads most inbound
 * partitions is SIGKILLed and restarted, a broker hangs (SIGSTOP) for 10 s, and the whole cluster
 * stops and starts again on its data, each while events flow. Every event reaches its webhook (one
 * per namespace), none is lost, and our apps are never restarted. Duplicates (a webhook-id seen more
 * than once) are allowed, at least once, and reported.
 */
describe('Apache Kafka cluster faults', () => {
  let cluster: KafkaCluster;
  let stack: Stack;
  let receiver: Receiver;
  let hookIds: string[] = [];
  printLogsOnFailure(() => stack);
  const hookUrl = (namespace: number): string => `${receiver.url}/${namespace}`;

  beforeAll(async () => {
    cluster = await KafkaCluster.start({ nodes: 3 });
    stack = await startStack({
      dispatchers: 2,
      kafkaBrokers: cluster.bootstrapServers,
      dispatcherEnv: { DISPATCHER_SESSION_TIMEOUT: '10s' },
    });
    receiver = await startReceiver();
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const hooks = await Promise.all(
      Array.from({ length: NAMESPACES }, (_, i) =>
        stack.createWebhook({
          name: `faulthook${i}`,
          scope: { type: 'namespace', namespace: namespaceOf(i) },
          events: ['TAG_PUSH'],
          target: { type: 'http', url: hookUrl(i) },
          format: 'default',
        }),
      ),
    );
    hookIds = hooks.map((h: { id: string }) => h.id);
    await subscriptions.waitFor(NAMESPACES, 30_000, (m) => hookIds.includes(m.key ?? ''));
    await sleep(1_000);
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await cluster?.stop();
  });

  /** Streams `count` events, runs `fault` once `faultAfter` have arrived, and waits for every event. */
  async function streamThrough(
    count: number,
    faultAfter: number,
    fault: () => Promise<void>,
  ): Promise<Outcome> {
    const received = receiver.requests.length;
    const expectedPath = new Map<string, string>();
    const events: CanonicalEvent[] = Array.from({ length: count }, (_, i) => {
      const namespace = i % NAMESPACES;
      const repository = Math.floor(i / NAMESPACES) % REPOSITORIES_PER_NAMESPACE;
      const event = tagPush(`${namespaceOf(namespace)}/repo${repository}`, `v${i}`);
      expectedPath.set(event.id, new URL(hookUrl(namespace)).pathname);
      return event;
    });
    const arrived = new Map<string, number>();
    receiver.respondWith((request) => {
      const { id } = JSON.parse(request.body) as { id: string };
      if (expectedPath.get(id) === request.path && !arrived.has(id)) arrived.set(id, Date.now());
      return { status: 200 };
    });
    let faultAt = 0;
    const faulted = (async () => {
      while (arrived.size < faultAfter) await sleep(20);
      faultAt = Date.now();
      await fault();
    })();
    try {
      await produceStreaming(stack, events, () => arrived.size, { stallTimeoutMs: DRAIN_MS });
    } finally {
      // The fault runs its course (a restart included) before anything else touches the cluster.
      await faulted;
    }
    const deadline = Date.now() + DRAIN_MS;
    while (arrived.size < count && Date.now() < deadline) await sleep(200);
    await sleep(SETTLE_MS);

    const requests = receiver.requests.slice(received);
    const webhookIds = new Set(requests.map((r) => r.headers['webhook-id']));
    const times = [faultAt, ...[...arrived.values()].filter((t) => t >= faultAt)].sort((a, b) => a - b);
    const longestStallMs = Math.max(0, ...times.slice(1).map((t, i) => t - times[i]));
    return {
      events: count,
      lost: count - arrived.size,
      duplicates: requests.length - webhookIds.size,
      longestStallMs,
    };
  }

  /** The node that leads most partitions of the inbound artifact topic. */
  async function inboundLeader(): Promise<number> {
    const topic = stack.topic(INBOUND_TOPICS.artifact);
    const leaders = await Promise.all(Array.from({ length: 8 }, (_, p) => cluster.leaderOf(topic, p)));
    const counts = new Map<number, number>();
    for (const leader of leaders) counts.set(leader, (counts.get(leader) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0][0];
  }

  const report = (what: string, outcome: Outcome): void =>
    console.log(
      `${what}: ${outcome.events} events, ${outcome.lost} lost, ${outcome.duplicates} duplicates, ` +
        `longest stall ${(outcome.longestStallMs / 1000).toFixed(1)} s`,
    );

  it('loses nothing when the broker leading the inbound partitions is SIGKILLed and restarted', async () => {
    const victim = await inboundLeader();
    const outcome = await streamThrough(5_000, 1_500, async () => {
      await cluster.kill(victim);
      await sleep(5_000);
      await cluster.restart(victim);
    });
    report(`SIGKILL of node ${victim}, restarted 5 s later`, outcome);
    expect(outcome.lost).toBe(0);
    expect([...stack.dispatchers, stack.subscriptions].map((app) => app.running)).toEqual([true, true, true]);
  }, 300_000);

  it('loses nothing when a broker hangs (SIGSTOP) for 10 s', async () => {
    const victim = await inboundLeader();
    const outcome = await streamThrough(3_000, 1_000, async () => {
      cluster.pause(victim);
      await sleep(10_000);
      cluster.resume(victim);
    });
    report(`SIGSTOP of node ${victim} for 10 s`, outcome);
    expect(outcome.lost).toBe(0);
    expect([...stack.dispatchers, stack.subscriptions].map((app) => app.running)).toEqual([true, true, true]);
  }, 300_000);

  it('loses nothing when the whole cluster stops and starts again on its data, without restarting our apps', async () => {
    const outcome = await streamThrough(3_000, 1_000, async () => {
      await cluster.stopNodes();
      await sleep(3_000);
      await cluster.startNodes();
    });
    report('whole cluster stopped and started again', outcome);
    expect(outcome.lost).toBe(0);
    expect([...stack.dispatchers, stack.subscriptions].map((app) => app.running)).toEqual([true, true, true]);
  }, 300_000);
});
