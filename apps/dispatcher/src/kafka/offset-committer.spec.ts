import pino from 'pino';
import { OffsetCommitter } from './offset-committer';
import { PartitionCommit } from './offset-tracker';
import { ResolvedOffsets } from './resolved-offsets';

const T = 'registry.artifact.v1';
const log = pino({ level: 'silent' });

function committerOver(offsets: ResolvedOffsets, failures = 0) {
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

/** Offsets of a consumer assigned partitions 0–3 of T. */
function assignedOffsets(): ResolvedOffsets {
  const offsets = new ResolvedOffsets();
  offsets.retain({ [T]: [0, 1, 2, 3] });
  return offsets;
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

describe('ResolvedOffsets', () => {
  it('keeps a handed-over partition committable until its release time', () => {
    const offsets = assignedOffsets();
    offsets.resolve(T, 3, 11n);
    offsets.retain({ [T]: [0] }, 1_000);
    expect(offsets.uncommitted(999)).toEqual([{ topic: T, partition: 3, offset: '11' }]);
    expect(offsets.uncommitted(1_000)).toEqual([]);
  });

  it('keeps the highest offset per partition and drops partitions no longer assigned', () => {
    const offsets = assignedOffsets();
    offsets.resolve(T, 0, 7n);
    offsets.resolve(T, 0, 4n);
    offsets.resolve(T, 1, 2n);
    offsets.retain({ [T]: [0] });
    expect(offsets.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '7' }]);
    offsets.markCommitted([{ topic: T, partition: 0, offset: '7' }]);
    expect(offsets.uncommitted()).toEqual([]);
  });

  it('ignores an offset resolved for a partition no longer (or never) assigned', () => {
    const offsets = assignedOffsets();
    offsets.retain({ [T]: [0] });
    offsets.resolve(T, 1, 5n);
    offsets.resolve(T, 9, 5n);
    offsets.resolve(T, 0, 3n);
    expect(offsets.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '3' }]);
  });
});
