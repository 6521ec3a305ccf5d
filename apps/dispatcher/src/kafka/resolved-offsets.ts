import type { Assignment } from './managed-consumer';
import type { CommitSource } from './offset-committer';
import type { PartitionCommit } from './offset-tracker';

/**
 * The next offset to read per partition, for a consumer that finishes its records in order (the
 * inbound fan-out): whatever was resolved may be committed. Partitions no longer assigned are
 * dropped, so a late commit never moves back the offset of a partition another member now reads.
 */
export class ResolvedOffsets implements CommitSource {
  private readonly next = new Map<
    string,
    { topic: string; partition: number; offset: bigint; committed: bigint }
  >();

  resolve(topic: string, partition: number, nextOffset: bigint): void {
    const key = `${partition}|${topic}`;
    const entry = this.next.get(key);
    if (!entry) this.next.set(key, { topic, partition, offset: nextOffset, committed: -1n });
    else if (nextOffset > entry.offset) entry.offset = nextOffset;
  }

  uncommitted(): PartitionCommit[] {
    const commits: PartitionCommit[] = [];
    for (const { topic, partition, offset, committed } of this.next.values()) {
      if (offset > committed) commits.push({ topic, partition, offset: offset.toString() });
    }
    return commits;
  }

  markCommitted(commits: readonly PartitionCommit[]): void {
    for (const { topic, partition, offset } of commits) {
      const entry = this.next.get(`${partition}|${topic}`);
      if (entry && BigInt(offset) > entry.committed) entry.committed = BigInt(offset);
    }
  }

  retain(assignment: Assignment): void {
    for (const [key, { topic, partition }] of this.next) {
      if (!assignment[topic]?.includes(partition)) this.next.delete(key);
    }
  }
}
