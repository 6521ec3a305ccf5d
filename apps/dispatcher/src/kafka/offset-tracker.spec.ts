import fc from 'fast-check';
import { OffsetTracker } from './offset-tracker';

describe('OffsetTracker', () => {
  const T = 'webhooks.deliveries.v1';

  it('commits only the contiguous prefix of finished offsets', () => {
    const tracker = new OffsetTracker();
    for (const offset of ['10', '11', '12', '13']) expect(tracker.track(T, 0, offset)).toBe(true);
    tracker.complete(T, 0, '12');
    tracker.complete(T, 0, '11');
    expect(tracker.uncommitted()).toEqual([]);
    tracker.complete(T, 0, '10');
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '13' }]);
    expect(tracker.inProgress).toBe(1);
  });

  it('reports a commit point once until it moves again', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 1, '0');
    tracker.track(T, 1, '1');
    tracker.complete(T, 1, '0');
    const first = tracker.uncommitted();
    tracker.markCommitted(first);
    expect(tracker.uncommitted()).toEqual([]);
    tracker.complete(T, 1, '1');
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 1, offset: '2' }]);
  });

  it('keeps partitions apart and tolerates gaps in offsets', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 0, '5');
    tracker.track(T, 0, '9');
    tracker.track(T, 3, '100');
    tracker.complete(T, 0, '5');
    tracker.complete(T, 0, '9');
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '10' }]);
  });

  it('refuses an offset tracked before (a re-fetch after a rebalance)', () => {
    const tracker = new OffsetTracker();
    expect(tracker.track(T, 0, '7')).toBe(true);
    expect(tracker.track(T, 0, '7')).toBe(false);
    expect(tracker.track(T, 0, '3')).toBe(false);
    tracker.complete(T, 0, '7');
    expect(tracker.track(T, 0, '7')).toBe(false);
    expect(tracker.track(T, 0, '8')).toBe(true);
  });

  it('forgets revoked partitions and ignores their late completions', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 0, '1');
    tracker.track(T, 2, '1');
    tracker.retain({ [T]: [0] });
    tracker.complete(T, 2, '1');
    tracker.complete(T, 0, '1');
    expect(tracker.uncommitted()).toEqual([{ topic: T, partition: 0, offset: '2' }]);
    expect(tracker.track(T, 2, '1')).toBe(true);
  });

  it('keeps a released partition committable until its handover time, then forgets it', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 0, '1');
    tracker.track(T, 2, '5');
    tracker.retain({ [T]: [0] }, 1_000);
    tracker.complete(T, 2, '5');
    expect(tracker.uncommitted(999)).toEqual([{ topic: T, partition: 2, offset: '6' }]);
    tracker.track(T, 2, '6');
    tracker.complete(T, 2, '6');
    expect(tracker.uncommitted(1_000)).toEqual([]);
    expect(tracker.track(T, 2, '6')).toBe(true);
  });

  it('keeps tracking a released partition that is assigned back before its handover time', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 2, '5');
    tracker.retain({ [T]: [] }, 1_000);
    tracker.retain({ [T]: [2] }, 5_000);
    tracker.complete(T, 2, '5');
    expect(tracker.uncommitted(2_000)).toEqual([{ topic: T, partition: 2, offset: '6' }]);
    expect(tracker.track(T, 2, '5')).toBe(false);
  });

  it('handles offsets beyond 2^53', () => {
    const tracker = new OffsetTracker();
    tracker.track(T, 0, '9007199254740993');
    tracker.complete(T, 0, '9007199254740993');
    expect(tracker.uncommitted()[0].offset).toBe('9007199254740994');
  });

  it('never commits past an unfinished offset, whatever the completion order', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.nat(500), { minLength: 1, maxLength: 60 })
          .map((offsets) => offsets.sort((a, b) => a - b)),
        fc.func(fc.boolean()),
        fc.infiniteStream(fc.nat()),
        (offsets, finishes, picks) => {
          const tracker = new OffsetTracker();
          offsets.forEach((o) => tracker.track(T, 0, String(o)));
          const finished = new Set<number>();
          const order = [...offsets];
          const pick = picks[Symbol.iterator]();
          while (order.length > 0) {
            const [next] = order.splice(pick.next().value % order.length, 1);
            if (!finishes(next)) continue;
            finished.add(next);
            tracker.complete(T, 0, String(next));
            const commit = tracker.uncommitted()[0];
            const firstUnfinished = offsets.find((o) => !finished.has(o));
            if (commit) {
              const point = Number(commit.offset);
              expect(offsets.filter((o) => o < point).every((o) => finished.has(o))).toBe(true);
              if (firstUnfinished !== undefined) expect(point).toBeLessThanOrEqual(firstUnfinished);
            }
          }
          const expected = offsets.find((o) => !finished.has(o));
          const last = tracker.uncommitted()[0];
          if (expected === undefined) expect(last?.offset).toBe(String(offsets[offsets.length - 1] + 1));
          expect(tracker.inProgress).toBe(offsets.length - finished.size);
        },
      ),
    );
  });
});
