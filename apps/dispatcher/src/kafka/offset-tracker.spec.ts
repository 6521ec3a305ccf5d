import fc from 'fast-check';
import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  const T = 'webhooks.deliveries.v1';
  const harness = () => {
    const tracker = new OffsetTracker();
    const take = (partition: number, offset: number | string, pending = true): boolean =>
      tracker.partition(T, partition).take(BigInt(offset), pending);
    const complete = (partition: number, offset: number | string): void =>
      tracker.partition(T, partition).complete(BigInt(offset));
    return { tracker, take, complete };
  };

  it('commits only the contiguous prefix of finished offsets', () => {
    const { tracker, take, complete } = harness();
    for (const offset of [10, 11, 12, 13]) expect(take(0, offset)).toBe(true);
    complete(0, 12);
    complete(0, 11);
    expect(tracker.uncommitted()).toEqual([]);
    complete(0, 10);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '13' }]);
  });

  it('commits past records taken with nothing to finish', () => {
    const { tracker, take, complete } = harness();
    take(0, 4, false);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '5' }]);
    take(0, 5);
    take(0, 6, false);
    take(0, 7, false);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '5' }]);
    complete(0, 5);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '8' }]);
  });

  it('reports a commit point once until it moves again', () => {
    const { tracker, take, complete } = harness();
    take(1, 0);
    take(1, 1);
    complete(1, 0);
    const first = tracker.uncommitted();
    tracker.markCommitted(first);
    expect(tracker.uncommitted()).toEqual([]);
    complete(1, 1);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 1, offset: '2' }]);
  });

  it('keeps partitions apart and tolerates gaps in offsets', () => {
    const { tracker, take, complete } = harness();
    take(0, 5);
    take(0, 9);
    take(3, 100);
    complete(0, 5);
    complete(0, 9);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '10' }]);
  });

  it('refuses an offset taken before (a re-fetch after a rebalance)', () => {
    const { take, complete } = harness();
    expect(take(0, 7)).toBe(true);
    expect(take(0, 7)).toBe(false);
    expect(take(0, 3, false)).toBe(false);
    complete(0, 7);
    expect(take(0, 7)).toBe(false);
    expect(take(0, 8)).toBe(true);
  });

  it('forgets revoked partitions and ignores their late completions', () => {
    const { tracker, take } = harness();
    const revoked = tracker.partition(T, 2);
    take(0, 1);
    revoked.take(1n, true);
    tracker.retain({ [T]: [0] });
    revoked.complete(1n);
    tracker.partition(T, 0).complete(1n);
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '2' }]);
    expect(take(2, 1)).toBe(true);
  });

  it('keeps a released partition committable until its handover time, then forgets it', () => {
    const { tracker, take, complete } = harness();
    take(0, 1);
    take(2, 5);
    tracker.retain({ [T]: [0] }, 1_000);
    complete(2, 5);
    expect(tracker.uncommitted(999)).toEqual([{ topic: T, partition: 2, offset: '6' }]);
    take(2, 6);
    complete(2, 6);
    expect(tracker.uncommitted(1_000)).toEqual([]);
    expect(take(2, 6)).toBe(true);
  });

  it('keeps tracking a released partition that is assigned back before its handover time', () => {
    const { tracker, take, complete } = harness();
    take(2, 5);
    tracker.retain({ [T]: [] }, 1_000);
    tracker.retain({ [T]: [2] }, 5_000);
    complete(2, 5);
    expect(tracker.uncommitted(2_000)).toEqual([{ topic: T, partition: 2, offset: '6' }]);
    expect(take(2, 5)).toBe(false);
  });

  it('handles offsets beyond 2^53', () => {
    const { tracker, take, complete } = harness();
    take(0, '9007199254740993');
    complete(0, '9007199254740993');
    expect(tracker.uncommitted()[0].offset).toBe('9007199254740994');
  });

  it('never commits past an unfinished offset, whatever the completion order', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.nat(500), { minLength: 1, maxLength: 60 })
          .map((offsets) => offsets.sort((a, b) => a - b)),
        fc.func(fc.boolean()),
        fc.func(fc.boolean()),
        fc.infiniteStream(fc.nat()),
        (offsets, pendingAtTake, finishes, picks) => {
          const { tracker, take, complete } = harness();
          const finished = new Set<number>();
          for (const o of offsets) {
            const pending = pendingAtTake(o);
            take(0, o, pending);
            if (!pending) finished.add(o);
          }
          const order = offsets.filter((o) => !finished.has(o));
          const pick = picks[Symbol.iterator]();
          while (order.length > 0) {
            const [next] = order.splice(pick.next().value % order.length, 1);
            if (!finishes(next)) continue;
            finished.add(next);
            complete(0, next);
            const commit = tracker.uncommitted()[0];
            const firstUnfinished = offsets.find((o) => !finished.has(o));
            if (commit) {
              const point = Number(commit.offset);
              expect(offsets.filter((o) => o < point).every((o) => finished.has(o))).toBe(true);
              if (firstUnfinished !== undefined) expect(point).toBeLessThanOrEqual(firstUnfinished);
            }
          }
          // Committing the first offset taken, where reading started, would say nothing new.
          const point = offsets.find((o) => !finished.has(o)) ?? offsets[offsets.length - 1] + 1;
          const last = tracker.uncommitted()[0];
          expect(last?.offset).toBe(point === offsets[0] ? undefined : String(point));
        },
      ),
    );
  });
});
