import { allTopics, CanonicalEvent, INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { DevKafka } from '@tools/dev-kafka';
import { randomBytes } from 'node:crypto';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const REPOSITORY = 'faults/app';
const EVENTS_PER_PHASE = 10;
/** How long each phase's events may take to arrive once its fault has ended. */
const RECOVERY_MS = 30_000;

/**
 * One dispatcher on a cluster of its own, delivering to one subscription while the broker
 * misbehaves: the leader of the inbound partitions goes down and comes back, answers 2 s late,
 * and fails offset commits and produce requests (retriable, then refused outright). Every event
 * arrives (at least once) and the dispatcher keeps running and recovers by itself.
 *
 * Apache Kafka cannot fail requests or delay answers on request, so this runs on the dev broker
 * (librdkafka's mock cluster), which has no Admin API and no idempotent producer: the topics are
 * created with it, and the apps only check that they exist.
 */
describe('broker faults', () => {
  let broker: DevKafka | undefined;
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    // Broker 1 leads every inbound artifact partition from the start, so taking it down stops the
    // inbound path (the topic prefix is chosen here to create the topic and pin its leaders before
    // the apps start).
    const topicPrefix = `faults${randomBytes(4).toString('hex')}.`;
    const artifactTopic = `${topicPrefix}${INBOUND_TOPICS.artifact}`;
    broker = await DevKafka.start({
      brokers: 3,
      topics: allTopics().map((topic) => ({ name: `${topicPrefix}${topic}`, partitions: 4 })),
    });
    for (let partition = 0; partition < 4; partition += 1)
      await broker.command(`leader ${artifactTopic} ${partition} 1`);
    stack = await startStack({
      kafkaBrokers: broker.bootstrapServers,
      topicPrefix,
      env: {
        DELIVERY_RETRY_SCHEDULE: '1s,1s,1s,1s,1s',
        KAFKA_PROVISION_TOPICS: 'false',
        KAFKA_IDEMPOTENT: 'false',
      },
      dispatcherEnv: { DISPATCHER_SESSION_TIMEOUT: '6s' },
    });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
    await broker?.stop();
  });

  const deliveredIds = (): Set<string> =>
    new Set(receiver.requests.map((q) => (JSON.parse(q.body) as { id: string }).id));

  /** Waits until every one of `events` reached the receiver; fails naming how many did not. */
  async function expectDelivered(events: CanonicalEvent[], phase: string): Promise<void> {
    const deadline = Date.now() + RECOVERY_MS;
    const missing = (): CanonicalEvent[] => events.filter((e) => !deliveredIds().has(e.id));
    while (missing().length > 0 && Date.now() < deadline) await sleep(200);
    expect({ phase, missing: missing().length }).toEqual({ phase, missing: 0 });
  }

  /** Produces an event the way a registry that must not lose it would: again until acknowledged. */
  async function produceUntilAcknowledged(event: CanonicalEvent): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await stack.produceEvent(event);
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  }

  /** Produces a phase's events one every `spacingMs`, each without waiting for the ones before. */
  async function produceSpread(phase: string, spacingMs: number): Promise<CanonicalEvent[]> {
    const events = Array.from({ length: EVENTS_PER_PHASE }, (_, i) => tagPush(REPOSITORY, `${phase}-${i}`));
    const sends: Promise<void>[] = [];
    for (const event of events) {
      sends.push(produceUntilAcknowledged(event));
      await sleep(spacingMs);
    }
    await Promise.all(sends);
    return events;
  }

  it('delivers every event through a broker outage, latency and injected request errors', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    await createWebhook(stack, subscriptions, { repository: REPOSITORY, url: receiver.url });
    // A kafkajs consumer that crashes in the outage may restart after it was told to disconnect and
    // keep jest from exiting; the test needs this one only to create the webhook.
    await subscriptions.stop();

    await expectDelivered(await produceSpread('baseline', 50), 'baseline');

    await broker!.command('down 1');
    const outage = produceSpread('outage', 600);
    await sleep(6_000);
    await broker!.command('up 1');
    await expectDelivered(await outage, 'outage');

    await broker!.command('rtt 1 2000');
    const slow = await produceSpread('latency', 300);
    // Every fetch, produce and commit through broker 1 now takes 2 s and a subscription's next
    // delivery waits for the previous attempt's record, so delivery slows down but must go on.
    const slowIds = new Set(slow.map((e) => e.id));
    await receiver.waitForRequests(1, 20_000, (q) => slowIds.has((JSON.parse(q.body) as { id: string }).id));
    await broker!.command('rtt 1 0');
    await expectDelivered(slow, 'latency');

    await broker!.command('error OffsetCommit 5 REQUEST_TIMED_OUT');
    await broker!.command('error Produce 3 NOT_LEADER_FOR_PARTITION');
    await expectDelivered(await produceSpread('errors', 100), 'errors');

    // Produce requests refused outright (not retriable): the records of attempts already made are
    // produced again until Kafka takes them, and their offsets wait. Fetches from broker 1 answer
    // late meanwhile, so the events are delivered only once the refusals are armed.
    await broker!.command('rtt 1 2000');
    const refused = await produceSpread('refused', 20);
    await broker!.command('error Produce 20 10');
    await broker!.command('rtt 1 0');
    await expectDelivered(refused, 'refused');
    expect(stack.dispatchers[0].logs).toContain('producing attempt records failed; trying again');

    await expectDelivered(await produceSpread('after', 50), 'after');
    expect(stack.dispatchers.map((d) => d.running)).toEqual([true]);
    expect(stack.subscriptions.running).toBe(true);
  });
});
