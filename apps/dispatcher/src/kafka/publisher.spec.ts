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

  it('resolves an empty publish at once without a request', async () => {
    const { producer, batches } = fakeProducer();
    await new KafkaPublisher(producer).publish([]);
    expect(batches).toEqual([]);
  });
});
