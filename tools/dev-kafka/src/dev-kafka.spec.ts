import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { DevKafka } from './index';

jest.setTimeout(60_000);

describe('DevKafka', () => {
  let kafka: DevKafka;
  let client: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    kafka = await DevKafka.start({ brokers: 3, topics: [{ name: 'orders', partitions: 2 }] });
    client = new Kafka({
      clientId: 'dev-kafka-spec',
      brokers: kafka.bootstrapServers,
      logLevel: logLevel.NOTHING,
      retry: { initialRetryTime: 50, retries: 5 },
    });
    producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await kafka?.stop();
  });

  it('reports three brokers on loopback', () => {
    expect(kafka.brokerIds).toEqual([1, 2, 3]);
    expect(kafka.bootstrapServers).toHaveLength(3);
    for (const server of kafka.bootstrapServers) expect(server).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('pre-creates topics and auto-creates unknown ones with 4 partitions', async () => {
    const admin = client.admin();
    await admin.connect();
    try {
      await producer.send({ topic: 'auto-created', messages: [{ value: 'x' }] });
      const { topics } = await admin.fetchTopicMetadata({ topics: ['orders', 'auto-created'] });
      const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
      expect(partitions).toEqual({ orders: 2, 'auto-created': 4 });
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers through a consumer group and keeps its committed offsets', async () => {
    const sent = ['a', 'b', 'c', 'd'].map((key) => ({ key, value: `value-${key}` }));
    await producer.send({ topic: 'orders', messages: sent });

    const consumer = client.consumer({
      groupId: 'spec-group',
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const received: string[] = [];
    const allReceived = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(message.value!.toString());
          if (received.length === sent.length) resolve();
        },
      });
    });
    await allReceived;
    await consumer.disconnect();
    expect(received.sort()).toEqual(sent.map((m) => m.value).sort());

    const admin = client.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: 'spec-group', topics: ['orders'] });
      const total = committed.partitions.reduce((sum, p) => sum + Math.max(Number(p.offset), 0), 0);
      expect(total).toBe(sent.length);
    } finally {
      await admin.disconnect();
    }
  });

  it('fails the next requests of an API with an injected error', async () => {
    await expect(kafka.error('Produce', 1, 'NOT_LEADER_FOR_PARTITION')).resolves.toMatchObject({
      ok: true,
      apiKey: 0,
      count: 1,
      code: 6,
      name: 'NOT_LEADER_FOR_PARTITION',
    });
    const impatient = client.producer({
      retry: { retries: 0 },
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await impatient.connect();
    try {
      await expect(impatient.send({ topic: 'orders', messages: [{ value: 'rejected' }] })).rejects.toThrow();
      await expect(
        impatient.send({ topic: 'orders', messages: [{ value: 'accepted' }] }),
      ).resolves.toBeDefined();
    } finally {
      await impatient.disconnect();
    }
    await expect(kafka.command('error Fetch 2 7')).resolves.toMatchObject({ api: 'Fetch', code: 7 });
    await expect(kafka.command('clear Fetch')).resolves.toMatchObject({ apiKey: 1, cleared: true });
  });

  it('delays responses by the configured round-trip time', async () => {
    for (const id of kafka.brokerIds)
      await expect(kafka.rtt(id, 400)).resolves.toEqual({ ok: true, broker: id, rttMs: 400 });
    const started = Date.now();
    await producer.send({ topic: 'orders', messages: [{ value: 'slow' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    await expect(kafka.command('rtt all 0')).resolves.toEqual({ ok: true, broker: 'all', rttMs: 0 });
  });

  it('takes brokers down and up, and moves leaders and coordinators', async () => {
    await expect(kafka.down(2)).resolves.toEqual({ ok: true, broker: 2, state: 'down' });
    await expect(kafka.up(2)).resolves.toEqual({ ok: true, broker: 2, state: 'up' });
    await expect(kafka.command('leader orders 1 3')).resolves.toEqual({
      ok: true,
      topic: 'orders',
      partition: 1,
      leader: 3,
    });
    await expect(kafka.command('coordinator group spec-group 1')).resolves.toMatchObject({ coordinator: 1 });
    await expect(kafka.command('ping')).resolves.toEqual({ ok: true, pong: true });
  });

  it('rejects unknown and malformed commands without dying', async () => {
    await expect(kafka.command('explode now')).rejects.toThrow('unknown command explode');
    await expect(kafka.down(9)).rejects.toThrow('unknown broker 9');
    await expect(kafka.error('NoSuchApi', 1, 6)).rejects.toThrow('unknown api NoSuchApi');
    await expect(kafka.error('Produce', 1, 'NO_SUCH_ERROR')).rejects.toThrow('unknown error code');
    await expect(kafka.command('ping')).resolves.toEqual({ ok: true, pong: true });
  });

  it('surfaces the launcher stderr when it cannot start', async () => {
    await expect(DevKafka.start({ topics: [{ name: 'broken', partitions: 0 }] })).rejects.toThrow(
      /failed to start: exited \(code 2\)\n.*bad --topic broken:0/,
    );
  });

  it('ends the process on stop', async () => {
    const other = await DevKafka.start({ brokers: 1 });
    expect(() => process.kill(other.pid, 0)).not.toThrow();
    await other.stop();
    expect(() => process.kill(other.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(other.command('ping')).rejects.toThrow('dev-kafka exited (code 0)');
  });
});
