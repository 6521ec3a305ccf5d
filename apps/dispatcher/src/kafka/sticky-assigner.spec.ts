import fc from 'fast-check';
import { AssignerProtocol } from 'kafkajs';
import { decodeOwned, MemberClaim, stickyAssignment } from './sticky-assigner';

const T = 'deliveries';
const U = 'inbound';

function counts(result: Map<string, Record<string, number[]>>, topic: string): number[] {
  return [...result.values()].map((a) => a[topic]?.length ?? 0);
}

describe('stickyAssignment', () => {
  it('keeps every partition with its owner when one member leaves, and spreads only the leaver’s', () => {
    // a owned 0,1,2; b 3,4,5; c (gone) 6,7
    const result = stickyAssignment(
      [
        { memberId: 'a', owned: { [T]: [0, 1, 2] } },
        { memberId: 'b', owned: { [T]: [3, 4, 5] } },
      ],
      { [T]: [0, 1, 2, 3, 4, 5, 6, 7] },
    );
    expect(result.get('a')![T]).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(result.get('b')![T]).toEqual(expect.arrayContaining([3, 4, 5]));
    expect(counts(result, T)).toEqual([4, 4]);
  });

  it('moves only as many partitions as balance needs when a member joins', () => {
    const result = stickyAssignment(
      [
        { memberId: 'a', owned: { [T]: [0, 1, 2, 3] } },
        { memberId: 'b', owned: { [T]: [4, 5, 6, 7] } },
        { memberId: 'new', owned: {} },
      ],
      { [T]: [0, 1, 2, 3, 4, 5, 6, 7] },
    );
    const kept = (id: string, owned: number[]): number =>
      result.get(id)![T].filter((p) => owned.includes(p)).length;
    expect(kept('a', [0, 1, 2, 3]) + kept('b', [4, 5, 6, 7])).toBe(6);
    expect(result.get('new')![T]).toHaveLength(2);
  });

  it('gives a partition claimed by two members (a stale claim) to one of them only', () => {
    const result = stickyAssignment(
      [
        { memberId: 'a', owned: { [T]: [0, 1] } },
        { memberId: 'b', owned: { [T]: [1] } },
      ],
      { [T]: [0, 1] },
    );
    expect([...result.values()].flatMap((a) => a[T] ?? []).sort()).toEqual([0, 1]);
  });

  it('ignores claims on partitions that no longer exist and spreads the larger quotas over topics', () => {
    const result = stickyAssignment(
      [
        { memberId: 'a', owned: { [T]: [9] } },
        { memberId: 'b', owned: {} },
      ],
      { [T]: [0, 1, 2], [U]: [0, 1, 2] },
    );
    const totals = [...result.values()].map((a) => (a[T]?.length ?? 0) + (a[U]?.length ?? 0));
    expect(totals.sort()).toEqual([3, 3]);
  });

  it('always assigns every partition exactly once, balanced within one per topic', () => {
    const claimArb = fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ t: claimArb, u: claimArb }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 0, max: 12 }),
        (ids, claims, partitionCount) => {
          const members: MemberClaim[] = ids.map((memberId, i) => ({
            memberId,
            owned: { [T]: claims[i].t, [U]: claims[i].u },
          }));
          const partitions = Array.from({ length: partitionCount }, (_, p) => p);
          const result = stickyAssignment(members, { [T]: partitions, [U]: partitions });
          for (const topic of [T, U]) {
            const all = [...result.values()].flatMap((a) => a[topic] ?? []).sort((a, b) => a - b);
            expect(all).toEqual(partitions);
            const sizes = counts(result, topic);
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});

describe('decodeOwned', () => {
  const encode = (userData: Buffer): Buffer =>
    AssignerProtocol.MemberMetadata.encode({ version: 1, topics: [T], userData });

  it('reads the claim a member sent', () => {
    expect(decodeOwned(encode(Buffer.from(JSON.stringify({ [T]: [1, 2] }))))).toEqual({ [T]: [1, 2] });
  });

  it('reads no claim from empty, malformed or foreign metadata', () => {
    expect(decodeOwned(encode(Buffer.alloc(0)))).toEqual({});
    expect(decodeOwned(encode(Buffer.from('not json')))).toEqual({});
    expect(decodeOwned(encode(Buffer.from('[1,2]')))).toEqual({});
    expect(decodeOwned(encode(Buffer.from(JSON.stringify({ [T]: [1, 'x', 2.5] }))))).toEqual({ [T]: [1] });
    expect(decodeOwned(Buffer.from([1, 2, 3]))).toEqual({});
  });
});
