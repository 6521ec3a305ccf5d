import { AssignerProtocol, PartitionAssigner } from 'kafkajs';
import type { Assignment } from './managed-consumer';

export const STICKY_ASSIGNER = 'RegistryWebhooksSticky';
const VERSION = 1;

export interface MemberClaim {
  memberId: string;
  /** What the member owned before this rebalance, as it reported in its join metadata. */
  owned: Assignment;
}

/**
 * A balanced assignment (per topic, every member gets ⌊n/m⌋ or ⌈n/m⌉ partitions) that leaves as
 * many partitions as possible with the member that owned them. When a replica leaves, the others
 * keep theirs and only its partitions move; when one joins, only as many move as balance needs.
 * Work a member took but had not committed when the rebalance began (the broker refuses commits
 * while the group rejoins) is then committed by the same member afterwards instead of being read
 * again by another: round-robin reshuffles almost every partition on every rebalance.
 */
export function stickyAssignment(
  members: readonly MemberClaim[],
  partitionsByTopic: Readonly<Record<string, readonly number[]>>,
): Map<string, Record<string, number[]>> {
  const ids = members.map((m) => m.memberId).sort();
  const result = new Map(ids.map((id) => [id, {} as Record<string, number[]>]));
  const total = new Map(ids.map((id) => [id, 0]));
  if (ids.length === 0) return result;

  for (const topic of Object.keys(partitionsByTopic).sort()) {
    const partitions = [...partitionsByTopic[topic]].sort((a, b) => a - b);
    const claimed = new Map<string, number[]>(ids.map((id) => [id, []]));
    const ownerOf = new Map<number, string>();
    for (const member of [...members].sort((a, b) => a.memberId.localeCompare(b.memberId))) {
      for (const partition of member.owned[topic] ?? []) {
        if (!partitions.includes(partition) || ownerOf.has(partition)) continue;
        ownerOf.set(partition, member.memberId);
        claimed.get(member.memberId)!.push(partition);
      }
    }
    // Members that own more, and then members that have less over all topics, get the larger quotas.
    const base = Math.floor(partitions.length / ids.length);
    let larger = partitions.length % ids.length;
    const order = [...ids].sort(
      (a, b) =>
        claimed.get(b)!.length - claimed.get(a)!.length ||
        total.get(a)! - total.get(b)! ||
        a.localeCompare(b),
    );
    const quota = new Map(order.map((id) => [id, base + (larger-- > 0 ? 1 : 0)]));

    const assigned = new Map<string, number[]>();
    const unassigned: number[] = [];
    for (const id of ids) {
      const kept = claimed.get(id)!.sort((a, b) => a - b);
      assigned.set(id, kept.slice(0, quota.get(id)));
      unassigned.push(...kept.slice(quota.get(id)));
    }
    unassigned.push(...partitions.filter((p) => !ownerOf.has(p)));
    unassigned.sort((a, b) => a - b);
    for (const id of order) {
      const mine = assigned.get(id)!;
      while (mine.length < quota.get(id)! && unassigned.length > 0) mine.push(unassigned.shift()!);
    }
    for (const id of ids) {
      const mine = assigned.get(id)!.sort((a, b) => a - b);
      if (mine.length > 0) result.get(id)![topic] = mine;
      total.set(id, total.get(id)! + mine.length);
    }
  }
  return result;
}

/**
 * The kafkajs assigner around `stickyAssignment`: each member sends what it owns (`owned()`) in its
 * join metadata, and the leader computes the assignment from those claims.
 */
export function stickyAssigner(owned: () => Assignment): PartitionAssigner {
  return ({ cluster }) => ({
    name: STICKY_ASSIGNER,
    version: VERSION,
    protocol({ topics }) {
      return {
        name: STICKY_ASSIGNER,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: VERSION,
          topics,
          userData: Buffer.from(JSON.stringify(owned())),
        }),
      };
    },
    async assign({ members, topics }) {
      const partitionsByTopic: Record<string, number[]> = {};
      for (const topic of topics) {
        partitionsByTopic[topic] = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
      }
      const claims = members.map(({ memberId, memberMetadata }) => ({
        memberId,
        owned: decodeOwned(memberMetadata),
      }));
      return [...stickyAssignment(claims, partitionsByTopic)].map(([memberId, assignment]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: VERSION,
          assignment,
          userData: Buffer.alloc(0),
        }),
      }));
    },
  });
}

/** A member's claim from its join metadata; none when it is unreadable (it then just gets its share). */
export function decodeOwned(metadata: Buffer): Assignment {
  try {
    const userData = AssignerProtocol.MemberMetadata.decode(metadata)?.userData;
    const parsed: unknown = userData && userData.length > 0 ? JSON.parse(userData.toString('utf8')) : {};
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const owned: Record<string, number[]> = {};
    for (const [topic, partitions] of Object.entries(parsed)) {
      if (Array.isArray(partitions))
        owned[topic] = partitions.filter((p): p is number => Number.isInteger(p));
    }
    return owned;
  } catch {
    return {};
  }
}
