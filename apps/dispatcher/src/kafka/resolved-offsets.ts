import type { Assignment } from './managed-consumer';
import type { CommitSource } from './offset-committer';
import type { PartitionCommit } from './offset-tracker';

interface PartitionPosition {
  topic: string;
  partition: number;
  offset: bigint;
  committed: bigint;
  /** Set once the partition is handed over: committable until then, dropped after. */
  releasedUntil?: number;
}

/**
 * The next offset to read per partition, for a consumer that finishes its records in order (the
 * inbound fan-out): whatever was resolved may be committed. Partitions no longer assigned are
 * dropped (after the handover, if any), and resolving one of them later (its fan-out acknowledged
 * after it moved) is ignored, so a late commit never moves the offset of a partition another member
 * reads.
 */
export class ResolvedOffsets implements CommitSource {
  private readonly next = new Map<string, PartitionPosition>();
  private assigned = new Set<string>();

  resolve(topic: string, partition: number, nextOffset: bigint): void {
    const key = `${partition}|${topic}`;
    const entry = this.next.get(key);
    if (!entry) {
      if (this.assigned.has(key))
        this.next.set(key, { topic, partition, offset: nextOffset, committed: -1n });
    } else if (nextOffset > entry.offset) entry.offset = nextOffset;
  }

  uncommitted(now = Date.now()): PartitionCommit[] {
    const commits: PartitionCommit[] = [];
    for (const [key, { releasedUntil }] of this.next) {
      if (releasedUntil !== undefined && now >= releasedUntil) this.next.delete(key);
    }
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

  /**
   * Applies a new assignment: a partition no longer assigned stays committable until
   * `releaseUntil` (the handover) or, without one, is dropped at once.
   */
  retain(assignment: Assignment, releaseUntil?: number): void {
    this.assigned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${p}|${topic}`)),
    );
    for (const [key, entry] of this.next) {
      if (assignment[entry.topic]?.includes(entry.partition)) entry.releasedUntil = undefined;
      else if (releaseUntil === undefined) this.next.delete(key);
      else entry.releasedUntil ??= releaseUntil;
    }
  }
}
