import { Kafka, Message, ProducerBatch, ProducerConfig, RecordMetadata } from 'kafkajs';
import pino from 'pino';
import { KafkaSender } from './kafka-sender';

const PARTITIONS = 4;

/**
 * A kafkajs client whose producer partitions each message with the configured partitioner, as
 * kafkajs does, and answers for every partition except those `skip` names for its next request:
 * what kafkajs's sendBatch resolves with when a partition's leader moved to a broker that had
 * already answered.
 */
function fakeKafka() {
  const requests: { topic: string; partition: number; value: string }[][] = [];
  let config: ProducerConfig = {};
  const skip: number[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let fail = 0;
  let producers = 0;
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async ({ topicMessages }: ProducerBatch): Promise<RecordMetadata[]> => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      if (fail > 0 && fail--) throw new Error('not enough replicas');
      const partitioner = config.createPartitioner!();
      const skipped = skip.shift() ?? [];
      const sent: { topic: string; partition: number; value: string }[] = [];
      const answered = new Map<string, RecordMetadata>();
      for (const { topic, messages } of topicMessages ?? []) {
        for (const message of messages as Message[]) {
          const partition = partitioner({
            topic,
            message,
            partitionMetadata: Array.from({ length: PARTITIONS }, (_, partitionId) => ({
              partitionId,
              leader: 1,
              partitionErrorCode: 0,
              replicas: [1],
              isr: [1],
            })),
          });
          if (skipped.includes(partition)) continue;
          sent.push({ topic, partition, value: String(message.value) });
          answered.set(`${topic}|${partition}`, { topicName: topic, partition, errorCode: 0 });
        }
      }
      requests.push(sent);
      return [...answered.values()];
    },
  };
  const kafka = {
    producer: (given: ProducerConfig) => {
      config = given;
      producers += 1;
      return producer;
    },
  } as unknown as Kafka;
  return {
    kafka,
    requests,
    config: () => config,
    skipNext: (partitions: number[]) => skip.push(partitions),
    failNext: () => (fail += 1),
    maxInFlight: () => maxInFlight,
    producers: () => producers,
  };
}

const records = (count: number, topic = 't') =>
  Array.from({ length: count }, (_, i) => ({ topic, key: `key-${i}`, value: `v${i}` }));

describe('KafkaSender', () => {
  const logger = pino({ level: 'silent' });

  it('makes an idempotent producer that never creates topics', () => {
    const fake = fakeKafka();
    new KafkaSender(fake.kafka, { idempotent: true, logger });
    expect(fake.config()).toMatchObject({ idempotent: true, allowAutoTopicCreation: false });
    const off = fakeKafka();
    new KafkaSender(off.kafka, { idempotent: false, logger });
    expect(off.config().idempotent).toBe(false);
  });

  it('sends again, and only, the records of partitions missing from the answer', async () => {
    const fake = fakeKafka();
    const sender = new KafkaSender(fake.kafka, { idempotent: true, logger });
    fake.skipNext([1, 3]);
    await sender.send(records(40));
    const [first, second] = fake.requests;
    expect(new Set(first.map((r) => r.partition))).toEqual(new Set([0, 2]));
    expect(new Set(second.map((r) => r.partition))).toEqual(new Set([1, 3]));
    expect([...first, ...second].map((r) => r.value).sort()).toEqual(
      records(40)
        .map((r) => r.value)
        .sort(),
    );
    expect(fake.requests).toHaveLength(2);
  });

  it('keeps one request in flight and sends what was queued meanwhile in the next one', async () => {
    const fake = fakeKafka();
    const sender = new KafkaSender(fake.kafka, { idempotent: true, logger });
    await Promise.all([
      sender.send(records(2, 'a')),
      sender.send(records(3, 'b')),
      sender.send(records(1, 'c')),
    ]);
    expect(fake.maxInFlight()).toBe(1);
    expect(fake.requests.map((r) => r.length)).toEqual([2, 4]);
  });

  it('rejects the sends of a failed request and goes on with the next', async () => {
    const fake = fakeKafka();
    const sender = new KafkaSender(fake.kafka, { idempotent: true, logger });
    fake.failNext();
    await expect(sender.send(records(2))).rejects.toThrow('not enough replicas');
    await expect(sender.send(records(2))).resolves.toBeUndefined();
    // A failed request's sequence numbers die with its producer: the next request has a new one.
    expect(fake.producers()).toBe(2);
    await sender.send(records(2));
    expect(fake.producers()).toBe(2);
  });

  it('resolves an empty send without a request', async () => {
    const fake = fakeKafka();
    await new KafkaSender(fake.kafka, { idempotent: true, logger }).send([]);
    expect(fake.requests).toEqual([]);
  });
});
