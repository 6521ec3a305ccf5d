import { OutgoingRecord } from '@app/common';
import { FannedOutChunk, FanOutPipeline, PartitionRewind } from './fan-out-pipeline';

const T = 'registry.artifact.v1';

function chunk(partition: number, firstOffset: number, values: string[], eventIds = values): FannedOutChunk {
  return {
    topic: T,
    partition,
    firstOffset: String(firstOffset),
    nextOffset: BigInt(firstOffset + Math.max(values.length, 1)),
    records: values.map((value) => ({ topic: 'webhooks.deliveries.v1', key: 'sub', value })),
    eventIds,
    fannedOutAt: 0,
  };
}

/** A pipeline over a producer whose requests the test acknowledges or fails one by one. */
function harness(maxPendingRecords = 100) {
  const requests: { values: string[]; ack: () => void; fail: (error: Error) => void }[] = [];
  const durable: string[] = [];
  const rewinds: PartitionRewind[][] = [];
  const pipeline = new FanOutPipeline({
    publish: (records: readonly OutgoingRecord[]) =>
      new Promise<void>((resolve, reject) =>
        requests.push({ values: records.map((r) => String(r.value)), ack: resolve, fail: reject }),
      ),
    durable: (c) => durable.push(`${c.partition}@${c.nextOffset}`),
    rewind: (partitions) => rewinds.push([...partitions]),
    maxPendingRecords,
  });
  const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return { pipeline, requests, durable, rewinds, settle };
}

describe('FanOutPipeline', () => {
  it('sends one request at a time, gathering what was queued meanwhile, and reports chunks durable in order', async () => {
    const h = harness();
    h.pipeline.enqueue(chunk(0, 10, ['a']));
    h.pipeline.enqueue(chunk(1, 20, ['b']));
    h.pipeline.enqueue(chunk(0, 11, ['c', 'd']));
    await h.settle();
    expect(h.requests.map((r) => r.values)).toEqual([['a']]);
    h.requests[0].ack();
    await h.settle();
    expect(h.durable).toEqual(['0@11']);
    expect(h.requests.map((r) => r.values)).toEqual([['a'], ['b', 'c', 'd']]);
    h.requests[1].ack();
    await h.pipeline.drain();
    expect(h.durable).toEqual(['0@11', '1@21', '0@13']);
  });

  it('keeps a chunk without records in line behind the chunks before it', async () => {
    const h = harness();
    h.pipeline.enqueue(chunk(0, 10, ['a']));
    h.pipeline.enqueue(chunk(0, 11, [], ['unmatched-event']));
    await h.settle();
    expect(h.durable).toEqual([]);
    h.requests[0].ack();
    await h.pipeline.drain();
    expect(h.durable).toEqual(['0@11', '0@12']);
  });

  it('on a failed request drops it and everything queued, and rewinds each partition to its first unproduced offset', async () => {
    const h = harness();
    h.pipeline.enqueue(chunk(0, 10, ['a']));
    h.pipeline.enqueue(chunk(1, 20, ['b']));
    await h.settle();
    h.pipeline.enqueue(chunk(1, 21, ['c']));
    h.pipeline.enqueue(chunk(2, 30, ['d']));
    h.requests[0].fail(new Error('NOT_ENOUGH_REPLICAS'));
    await h.pipeline.drain();
    expect(h.durable).toEqual([]);
    expect(h.rewinds).toEqual([
      [
        { topic: T, partition: 0, offset: '10' },
        { topic: T, partition: 1, offset: '20' },
        { topic: T, partition: 2, offset: '30' },
      ],
    ]);
    expect(h.requests).toHaveLength(1);
    expect(h.pipeline.pending).toBe(0);

    h.pipeline.enqueue(chunk(0, 10, ['a']));
    await h.settle();
    h.requests[1].ack();
    await h.pipeline.drain();
    expect(h.durable).toEqual(['0@11']);
  });

  it('holds the event ids of pending chunks until they are produced or dropped', async () => {
    const h = harness();
    h.pipeline.enqueue(chunk(0, 10, ['a'], ['evt-1']));
    h.pipeline.enqueue(chunk(0, 11, ['b'], ['evt-2']));
    expect([h.pipeline.holds('evt-1'), h.pipeline.holds('evt-2'), h.pipeline.holds('evt-3')]).toEqual([
      true,
      true,
      false,
    ]);
    await h.settle();
    h.requests[0].ack();
    await h.settle();
    expect([h.pipeline.holds('evt-1'), h.pipeline.holds('evt-2')]).toEqual([false, true]);
    h.requests[1].fail(new Error('broker down'));
    await h.pipeline.drain();
    expect(h.pipeline.holds('evt-2')).toBe(false);
  });

  it('makes room wait while too many records are pending', async () => {
    const h = harness(3);
    await h.pipeline.room();
    h.pipeline.enqueue(chunk(0, 10, ['a', 'b', 'c']));
    let roomMade = false;
    void h.pipeline.room().then(() => (roomMade = true));
    await h.settle();
    expect(roomMade).toBe(false);
    h.requests[0].ack();
    await h.settle();
    expect(roomMade).toBe(true);
  });

  it('drains at once when idle', async () => {
    await expect(harness().pipeline.drain()).resolves.toBeUndefined();
  });
});
