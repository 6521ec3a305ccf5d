import { KafkaSender, OutgoingRecord } from '@app/common';
import { KafkaPublisher } from './publisher';

function fakeProducer(fail = false) {
  const batches: OutgoingRecord[][] = [];
  const sender = {
    send: async (records: OutgoingRecord[]) => {
      batches.push(records);
      if (fail) throw new Error('not enough replicas');
    },
  };
  return { producer: sender as unknown as KafkaSender, batches };
}

describe('KafkaPublisher', () => {
  it('gathers records published together into one send, in order', async () => {
    const { producer, batches } = fakeProducer();
    const publisher = new KafkaPublisher(producer);
    await Promise.all([
      publisher.publish([
        { topic: 'a', key: 'k1', value: '1' },
        { topic: 'b', key: 'k2', value: '2' },
      ]),
      publisher.publish([{ topic: 'a', key: 'k3', value: '3', headers: { h: 'v' } }]),
    ]);
    expect(batches).toEqual([
      [
        { topic: 'a', key: 'k1', value: '1' },
        { topic: 'b', key: 'k2', value: '2' },
        { topic: 'a', key: 'k3', value: '3', headers: { h: 'v' } },
      ],
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
    expect(batches[0].map((r) => r.topic)).toEqual(['attempts', 'deliveries', 'deliveries']);
  });

  it('has one send in flight: what is published meanwhile goes out next, together and in order', async () => {
    const batches: OutgoingRecord[][] = [];
    const acknowledgements: (() => void)[] = [];
    const sender = {
      send: (records: OutgoingRecord[]) =>
        new Promise<void>((resolve) => {
          batches.push(records);
          acknowledgements.push(resolve);
        }),
    };
    const publisher = new KafkaPublisher(sender);
    const first = publisher.publish([{ topic: 't', key: 'k', value: '1' }], { linger: false });
    await new Promise((resolve) => setImmediate(resolve));
    const second = publisher.publish([{ topic: 't', key: 'k', value: '2' }], { linger: false });
    const third = publisher.publish([{ topic: 't', key: 'k', value: '3' }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toHaveLength(1);
    acknowledgements[0]();
    await first;
    for (let turn = 0; turn < 2; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(2);
    expect(batches[1].map((r) => r.value)).toEqual(['2', '3']);
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
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
  });

  it('resolves an empty publish at once without a request', async () => {
    const { producer, batches } = fakeProducer();
    await new KafkaPublisher(producer).publish([]);
    expect(batches).toEqual([]);
  });

  it('sends lingering records no sooner than the linger after the previous send', async () => {
    const { producer, batches } = fakeProducer();
    const publisher = new KafkaPublisher(producer);
    await publisher.publish([{ topic: 't', key: 'a', value: '1' }], { linger: false });
    const started = Date.now();
    await publisher.publish([{ topic: 't', key: 'b', value: '2' }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(batches).toHaveLength(2);
  });
});
