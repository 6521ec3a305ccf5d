import { Consumer, Kafka } from 'kafkajs';
import pino from 'pino';
import { PartitionHandover } from './partition-handover';

const T = 'webhooks.deliveries.v1';

function fakes(committedOffset: string) {
  const calls: string[] = [];
  const consumer = {
    pause: (tps: { topic: string; partitions: number[] }[]) => calls.push(`pause ${JSON.stringify(tps)}`),
    resume: (tps: { topic: string; partitions: number[] }[]) => calls.push(`resume ${JSON.stringify(tps)}`),
    seek: ({ partition, offset }: { partition: number; offset: string }) =>
      calls.push(`seek ${partition}@${offset}`),
  } as unknown as Consumer;
  const kafka = {
    admin: () => ({
      connect: async () => undefined,
      disconnect: async () => undefined,
      fetchOffsets: async () => [
        {
          topic: T,
          partitions: [
            { partition: 1, offset: committedOffset },
            { partition: 2, offset: '99' },
          ],
        },
      ],
    }),
  } as unknown as Kafka;
  return { calls, consumer, kafka };
}

describe('PartitionHandover', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('pauses gained partitions for the wait, then seeks them to the committed offset and resumes', async () => {
    const { calls, consumer, kafka } = fakes('42');
    const handover = new PartitionHandover({
      kafka,
      groupId: 'g',
      waitMs: 1_000,
      log: pino({ level: 'silent' }),
      owned: () => ({ [T]: [1, 2] }),
      stopping: () => false,
    });
    const now = Date.now();
    const releaseUntil = handover.onAssignment(consumer, { [T]: [1, 2] }, { [T]: [2, 3] });
    expect(releaseUntil).toBe(now + 750);
    expect(calls).toEqual([`pause ${JSON.stringify([{ topic: T, partitions: [1] }])}`]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls.slice(1)).toEqual([
      'seek 1@42',
      `resume ${JSON.stringify([{ topic: T, partitions: [1] }])}`,
    ]);
  });

  it('does not seek a partition without a committed offset', async () => {
    const { calls, consumer, kafka } = fakes('-1');
    const handover = new PartitionHandover({
      kafka,
      groupId: 'g',
      waitMs: 500,
      log: pino({ level: 'silent' }),
      owned: () => ({ [T]: [1] }),
      stopping: () => false,
    });
    handover.onAssignment(consumer, { [T]: [1] }, {});
    await jest.advanceTimersByTimeAsync(500);
    expect(calls.filter((c) => c.startsWith('seek'))).toEqual([]);
    expect(calls.at(-1)).toMatch(/^resume/);
  });

  it('is off with a zero wait: nothing paused, lost partitions forgotten at once', () => {
    const { calls, consumer, kafka } = fakes('1');
    const handover = new PartitionHandover({
      kafka,
      groupId: 'g',
      waitMs: 0,
      log: pino({ level: 'silent' }),
      owned: () => ({}),
      stopping: () => false,
    });
    expect(handover.onAssignment(consumer, { [T]: [1] }, {})).toBeUndefined();
    expect(calls).toEqual([]);
  });
});
