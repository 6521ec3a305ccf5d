import { Producer, ProducerBatch } from 'kafkajs';
import { KafkaPublisher } from './publisher';

function fakeProducer(fail = false) {
  const batches: ProducerBatch[] = [];
  const producer = {
    sendBatch: async (batch: ProducerBatch) => {
      batches.push(batch);
      if (fail) throw new Error('not enough replicas');
      return [];
    },
  };
  return { producer: producer as unknown as Producer, batches };
}

describe('KafkaPublisher', () => {
  it('gathers records published together into one acks=all request, grouped by topic in order', async () => {
    const { producer, batches } = fakeProducer();
    const publisher = new KafkaPublisher(producer);
    await Promise.all([
      publisher.publish([
        { topic: 'a', key: 'k1', value: '1' },
        { topic: 'b', key: 'k2', value: '2' },
      ]),
      publisher.publish([{ topic: 'a', key: 'k3', value: '3', headers: { h: 'v' } }]),
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0].acks).toBe(-1);
    expect(batches[0].topicMessages).toEqual([
      {
        topic: 'a',
        messages: [
          { key: 'k1', value: '1', headers: undefined },
          { key: 'k3', value: '3', headers: { h: 'v' } },
        ],
      },
      { topic: 'b', messages: [{ key: 'k2', value: '2', headers: undefined }] },
    ]);
  });

  it('rejects every publish of a failed request', async () => {
    const { producer } = fakeProducer(true);
    const publisher = new KafkaPublisher(producer);
    const results = await Promise.allSettled([
      publisher.publish([{ topic: 'a', key: null, value: '1' }]),
      publisher.publish([{ topic: 'a', key: null, value: '2' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('sends a publish without linger at the end of the turn, together with what was lingering', async () => {
    const { producer, batches } = fakeProducer();
    const publisher = new KafkaPublisher(producer);
    void publisher.publish([{ topic: 'attempts', key: 'a', value: '1' }]);
    void publisher.publish([{ topic: 'deliveries', key: 'd', value: '2' }], { linger: false });
    void publisher.publish([{ topic: 'deliveries', key: 'e', value: '3' }], { linger: false });
    expect(batches).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    expect(batches[0].topicMessages?.map((t) => [t.topic, t.messages.length])).toEqual([
      ['attempts', 1],
      ['deliveries', 2],
    ]);
  });

  it('has one request in flight: what is published meanwhile goes out next, together and in order', async () => {
    const batches: ProducerBatch[] = [];
    const acknowledgements: (() => void)[] = [];
    const producer = {
      sendBatch: (batch: ProducerBatch) =>
        new Promise((resolve) => {
          batches.push(batch);
          acknowledgements.push(() => resolve([]));
        }),
    } as unknown as Producer;
    const publisher = new KafkaPublisher(producer);
    const first = publisher.publish([{ topic: 't', key: 'k', value: '1' }], { linger: false });
    await new Promise((resolve) => setImmediate(resolve));
    const second = publisher.publish([{ topic: 't', key: 'k', value: '2' }], { linger: false });
    const third = publisher.publish([{ topic: 't', key: 'k', value: '3' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(1);
    acknowledgements[0]();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
    expect(batches[1].topicMessages![0].messages.map((m) => m.value)).toEqual(['2', '3']);
    acknowledgements[1]();
    await Promise.all([second, third]);
  });

  it('keeps a request under half a megabyte of record bytes', async () => {
    const { producer, batches } = fakeProducer();
    const publisher = new KafkaPublisher(producer);
    const big = 'x'.repeat(200 * 1024);
    await Promise.all(
      [1, 2, 3, 4].map((i) =>
        publisher.publish([{ topic: 't', key: `k${i}`, value: big }], { linger: false }),
      ),
    );
    expect(batches.map((b) => b.topicMessages![0].messages.length)).toEqual([2, 2]);
  });

  it('resolves an empty publish at once without a request', async () => {
    const { producer, batches } = fakeProducer();
    await new KafkaPublisher(producer).publish([]);
    expect(batches).toEqual([]);
  });
});
