/** A topic-partition and the offset to commit there (the next offset to read, Kafka's convention). */
export interface PartitionCommit {
  topic: string;
  partition: number;
  offset: string;
}

/** Offsets taken from one partition, in the order they were fetched. */
class PartitionOffsets {
  /** Offsets not yet part of the committable prefix, oldest first; `head` skips the consumed part. */
  private readonly pending: bigint[] = [];
  private head = 0;
  private readonly done = new Set<bigint>();
  private highestTracked = -1n;
  /** Next offset to read once everything below it is finished; -1 before the first finish. */
  private commitPoint = -1n;
  private committed = -1n;

  get inProgress(): number {
    return this.pending.length - this.head - this.done.size;
  }

  track(offset: bigint): boolean {
    if (offset <= this.highestTracked) return false;
    this.highestTracked = offset;
    this.pending.push(offset);
    return true;
  }

  complete(offset: bigint): void {
    // Below the first pending offset it is finished already; above the highest it was never tracked.
    if (offset < (this.pending[this.head] ?? offset + 1n) || offset > this.highestTracked) return;
    this.done.add(offset);
    while (this.head < this.pending.length && this.done.delete(this.pending[this.head])) {
      this.commitPoint = this.pending[this.head] + 1n;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The commit point when it moved past what was last committed. */
  uncommitted(): bigint | undefined {
    return this.commitPoint > this.committed ? this.commitPoint : undefined;
  }

  markCommitted(offset: bigint): void {
    if (offset > this.committed) this.committed = offset;
  }
}

/**
 * Tracks records taken from Kafka whose work finishes out of order, and yields for each partition
 * the contiguous prefix of finished offsets: an offset is committed only when it and every offset
 * before it are finished, so a crash re-reads exactly the unfinished ones (and maybe some finished
 * ones after a gap: at least once).
 *
 * `track` refuses an offset at or below one already tracked: after a rebalance kafkajs fetches a
 * still-assigned partition again from the last commit, and records already in progress here must
 * not run twice.
 */
export class OffsetTracker {
  private readonly partitions = new Map<string, PartitionOffsets>();
  /** Partitions handed over to another member: key → time after which they are forgotten. */
  private readonly releasedUntil = new Map<string, number>();

  /** Starts tracking an offset; false when it was tracked before (skip the record). */
  track(topic: string, partition: number, offset: string): boolean {
    const key = keyOf(topic, partition);
    let offsets = this.partitions.get(key);
    if (!offsets) {
      offsets = new PartitionOffsets();
      this.partitions.set(key, offsets);
    }
    return offsets.track(BigInt(offset));
  }

  /** Marks a tracked offset finished. Unknown partitions (revoked meanwhile) are ignored. */
  complete(topic: string, partition: number, offset: string): void {
    this.partitions.get(keyOf(topic, partition))?.complete(BigInt(offset));
  }

  /** Commit points that moved since the last `markCommitted` (released partitions past their time dropped). */
  uncommitted(now = Date.now()): PartitionCommit[] {
    for (const [key, until] of this.releasedUntil) if (now >= until) this.forget(key);
    const commits: PartitionCommit[] = [];
    for (const [key, offsets] of this.partitions) {
      const offset = offsets.uncommitted();
      if (offset !== undefined) commits.push({ ...parseKey(key), offset: offset.toString() });
    }
    return commits;
  }

  markCommitted(commits: readonly PartitionCommit[]): void {
    for (const { topic, partition, offset } of commits) {
      this.partitions.get(keyOf(topic, partition))?.markCommitted(BigInt(offset));
    }
  }

  /**
   * Applies a new assignment. A partition no longer assigned is forgotten at once when `releaseUntil`
   * is not given; otherwise its work in progress may still finish and be committed until then (the
   * handover: its new owner starts from the commit made by that time), and it is forgotten after.
   */
  retain(assignment: Readonly<Record<string, readonly number[]>>, releaseUntil?: number): void {
    for (const key of [...this.partitions.keys()]) {
      const { topic, partition } = parseKey(key);
      if (assignment[topic]?.includes(partition)) this.releasedUntil.delete(key);
      else if (releaseUntil === undefined) this.forget(key);
      else if (!this.releasedUntil.has(key)) this.releasedUntil.set(key, releaseUntil);
    }
  }

  private forget(key: string): void {
    this.partitions.delete(key);
    this.releasedUntil.delete(key);
  }

  /** Records tracked and not yet finished, over all partitions. */
  get inProgress(): number {
    let total = 0;
    for (const offsets of this.partitions.values()) total += offsets.inProgress;
    return total;
  }
}

function keyOf(topic: string, partition: number): string {
  return `${partition}|${topic}`;
}

function parseKey(key: string): { topic: string; partition: number } {
  const bar = key.indexOf('|');
  return { partition: Number(key.slice(0, bar)), topic: key.slice(bar + 1) };
}
