import Encoder from 'kafkajs/src/protocol/encoder';
import { usePooledKafkaEncoders } from './pooled-encoder';

/** kafkajs's Produce v3 request, as the producer encodes it. */
const produceRequest = jest.requireActual('kafkajs/src/protocol/requests/produce/v3/request');

const TIMESTAMP = '1763856000000';

function message(valueBytes: number, headers: Record<string, string> = {}) {
  return { key: `key-${valueBytes}`, value: 'v'.repeat(valueBytes), headers, timestamp: TIMESTAMP };
}

async function encodedProduceRequest(): Promise<Buffer> {
  const request = produceRequest({
    acks: -1,
    timeout: 30_000,
    topicData: [
      {
        topic: 'webhooks.deliveries.v1',
        partitions: [
          { partition: 0, messages: [message(0), message(1_000, { 'content-type': 'application/json' })] },
          { partition: 5, messages: [message(20_000, { a: '1', b: 'x'.repeat(700) })] },
        ],
      },
      { topic: 'webhooks.attempts.v1', partitions: [{ partition: 2, messages: [message(3_000)] }] },
    ],
  });
  return (await request.encode()).buffer;
}

describe('usePooledKafkaEncoders', () => {
  it('leaves every byte kafkajs encodes as it was, and takes small buffers from the shared pool', async () => {
    const before = await encodedProduceRequest();
    expect(new Encoder().writeInt32(7).buf.buffer.byteLength).toBe(512);

    usePooledKafkaEncoders();
    usePooledKafkaEncoders();

    expect(await encodedProduceRequest()).toEqual(before);
    const small = new Encoder().writeInt32(7);
    expect(small.buf.buffer.byteLength).toBe(Buffer.poolSize);
    expect(small.buffer).toEqual(Buffer.from([0, 0, 0, 7]));
    const large = new Encoder().writeBytes(Buffer.alloc(10_000, 1));
    expect(large.buffer.length).toBe(4 + 10_000);
    expect(large.buffer.subarray(4).every((byte) => byte === 1)).toBe(true);
  });

  it('refuses to patch an Encoder whose internals changed', () => {
    jest.isolateModules(() => {
      jest.doMock('kafkajs/src/protocol/encoder', () => class ChangedEncoder {});
      const { usePooledKafkaEncoders: usePooled } =
        jest.requireActual<typeof import('./pooled-encoder')>('./pooled-encoder');
      expect(() => usePooled()).toThrow(/kafkajs's Encoder no longer has nextPowerOfTwo and ensureAvailable/);
    });
  });
});
