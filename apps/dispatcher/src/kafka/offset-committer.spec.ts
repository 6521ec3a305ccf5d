import pino from 'pino';
import { OffsetCommitter } from './offset-committer';
import { OffsetTracker, PartitionCommit } from './offset-tracker';

const T = 'registry.artifact.v1';
const log = pino({ level: 'silent' });

function committerOver(offsets: OffsetTracker, failures = 0) {
  const sent: PartitionCommit[][] = [];
  let failuresLeft = failures;
  const committer = new OffsetCommitter(
    offsets,
    async (commits) => {
      sent.push(commits);
      if (failuresLeft-- > 0) throw new Error('The group is rebalancing');
    },
    log,
  );
  return { committer, sent };
}

/** Offsets of a consumer; `resolve` takes and finishes everything up to `next`. */
function assignedOffsets(): OffsetTracker & {
  resolve(topic: string, partition: number, next: bigint): void;
} {
  const offsets = new OffsetTracker();
  const resolve = (topic: string, partition: number, next: bigint): void =>
    void offsets.partition(topic, partition).take(next - 1n, false);
  return Object.assign(offsets, { resolve });
}

describe('OffsetCommitter', () => {
  it('commits what moved, then gathers what moves meanwhile into one later commit', async () => {
    const offsets = assignedOffsets();
    const { committer, sent } = committerOver(offsets);
    offsets.resolve(T, 0, 5n);
    const first = committer.request();
    offsets.resolve(T, 0, 6n);
    void committer.request();
    offsets.resolve(T, 1, 3n);
    void committer.request();
    await first;
    expect(sent).toEqual([
      [{ topic: T, partition: 0, offset: '5' }],
      [
        { topic: T, partition: 0, offset: '6' },
        { topic: T, partition: 1, offset: '3' },
      ],
    ]);
    expect(offsets.uncommitted()).toEqual([]);
  });

  it('retries a refused commit until it succeeds', async () => {
    const offsets = assignedOffsets();
    const { committer, sent } = committerOver(offsets, 2);
    offsets.resolve(T, 0, 9n);
    await committer.request();
    expect(sent).toHaveLength(3);
    expect(offsets.uncommitted()).toEqual([]);
  });

  it('gives up retrying at the stop deadline and leaves the offsets uncommitted', async () => {
    const offsets = assignedOffsets();
    const { committer, sent } = committerOver(offsets, 100);
    offsets.resolve(T, 0, 9n);
    committer.stopBy(Date.now() + 600);
    await committer.request();
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(offsets.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '9' }]);
  });
});
