import { PartitionerArgs, PartitionMetadata, Partitioners } from 'kafkajs';
import { CachingDefaultPartitioner } from './caching-partitioner';

function metadata(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
  }));
}

function args(topic: string, partitions: number, key: string | null, partition?: number): PartitionerArgs {
  return { topic, partitionMetadata: metadata(partitions), message: { key, value: 'v', partition } };
}

describe('CachingDefaultPartitioner', () => {
  it('chooses the partition kafkajs DefaultPartitioner chooses for every key, first time and remembered', () => {
    const cached = CachingDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const keys = Array.from({ length: 500 }, (_, i) => `01JSUBSCRIPTION${i.toString(36).padStart(10, '0')}`);
    for (const round of [1, 2]) {
      for (const key of keys) {
        expect([round, key, cached(args('deliveries', 8, key))]).toEqual([
          round,
          key,
          reference(args('deliveries', 8, key)),
        ]);
      }
    }
  });

  it('chooses again when the topic has a different number of partitions', () => {
    const cached = CachingDefaultPartitioner();
    const reference = Partitioners.DefaultPartitioner();
    const key = 'subscription-a';
    expect(cached(args('t', 8, key))).toBe(reference(args('t', 8, key)));
    expect(cached(args('t', 3, key))).toBe(reference(args('t', 3, key)));
    expect(cached(args('u', 5, key))).toBe(reference(args('u', 5, key)));
  });

  it('keeps an explicit partition and spreads keyless records', () => {
    const cached = CachingDefaultPartitioner();
    expect(cached(args('t', 8, 'key', 6))).toBe(6);
    const spread = new Set(Array.from({ length: 16 }, () => cached(args('t', 8, null))));
    expect(spread.size).toBeGreaterThan(1);
  });
});
