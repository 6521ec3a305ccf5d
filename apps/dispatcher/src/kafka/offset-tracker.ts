import { parsePartitionKey, partitionKey } from './topic-partition';

/** A topic-partition and the offset to commit there (the next offset to read, Kafka's convention). */
export interface PartitionCommit {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The offsets taken from one partition, in fetch order. Only those with work still to finish are
 * kept: the commit point is the first of them, or the offset after the last one taken when none is
 * left, so records that needed nothing (no match, a duplicate) cost no bookkeeping.
 */
export class PartitionOffsets {
  /** Offsets taken with work to finish, oldest first; `head` skips the finished prefix. */
  private readonly pending: bigint[] = [];
  private head = 0;
  private readonly done = new Set<bigint>();
  private highestTaken = -1n;
  /** Where reading started: committing it would say nothing new. */
  private firstTaken?: bigint;
  /** Next offset to read once everything below it is finished; -1 before anything below it was. */
  private commitPoint = -1n;
  private committed = -1n;

  /** Whether an offset was taken before (after a rebalance kafkajs fetches a partition again from its last commit). */
  taken(offset: bigint): boolean {
    return offset <= this.highestTaken;
  }

  /**
   * Takes an offset, finished at once unless `pending`. False when it was taken before (after a
   * rebalance kafkajs fetches a still-assigned partition again from its last commit): skip it.
   */
  take(offset: bigint, pending: boolean): boolean {
    if (offset <= this.highestTaken) return false;
    this.highestTaken = offset;
    this.firstTaken ??= offset;
    if (pending) this.pending.push(offset);
    this.advance();
    return true;
  }

  /** Marks a pending offset finished; anything else (finished already, never taken) is ignored. */
  complete(offset: bigint): void {
    if (this.head === this.pending.length || offset < this.pending[this.head] || offset > this.highestTaken) {
      return;
    }
    this.done.add(offset);
    this.advance();
  }

  /** The commit point when it moved past what was last committed. */
  uncommitted(): bigint | undefined {
    return this.commitPoint > this.committed ? this.commitPoint : undefined;
  }

  markCommitted(offset: bigint): void {
    if (offset > this.committed) this.committed = offset;
  }

  private advance(): void {
    while (this.head < this.pending.length && this.done.delete(this.pending[this.head])) this.head += 1;
    const point = this.head < this.pending.length ? this.pending[this.head] : this.highestTaken + 1n;
    if (point > this.firstTaken!) this.commitPoint = point;
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * Tracks records taken from Kafka whose work finishes out of order, and yields for each partition
 * the contiguous prefix of finished offsets: an offset is committed only when it and every offset
 * before it are finished, so a crash re-reads exactly the unfinished ones (and maybe some finished
 * ones after a gap: at least once).
 */
export class OffsetTracker {
  private readonly partitions = new Map<string, PartitionOffsets>();
  /** Partitions handed over to another member: key → time after which they are forgotten. */
  private readonly releasedUntil = new Map<string, number>();

  /**
   * The offsets of a partition, to take and complete records of one batch without a lookup each.
   * A partition forgotten meanwhile (revoked) keeps its old object: its late completions change
   * nothing that is committed.
   */
  partition(topic: string, partition: number): PartitionOffsets {
    const key = partitionKey(topic, partition);
    let offsets = this.partitions.get(key);
    if (!offsets) {
      offsets = new PartitionOffsets();
      this.partitions.set(key, offsets);
    }
    return offsets;
  }

  /** Commit points that moved since the last `markCommitted` (released partitions past their time dropped). */
  uncommitted(now = Date.now()): PartitionCommit[] {
    for (const [key, until] of this.releasedUntil) if (now >= until) this.forget(key);
    const commits: PartitionCommit[] = [];
    for (const [key, offsets] of this.partitions) {
      const offset = offsets.uncommitted();
      if (offset !== undefined) commits.push({ ...parsePartitionKey(key), offset: offset.toString() });
    }
    return commits;
  }

  markCommitted(commits: readonly PartitionCommit[]): void {
    for (const { topic, partition, offset } of commits) {
      this.partitions.get(partitionKey(topic, partition))?.markCommitted(BigInt(offset));
    }
  }

  /**
   * Applies a new assignment. A partition no longer assigned is forgotten at once when `releaseUntil`
   * is not given; otherwise its work in progress may still finish and be committed until then (the
   * handover: its new owner starts from the commit made by that time), and it is forgotten after.
   */
  retain(assignment: Readonly<Record<string, readonly number[]>>, releaseUntil?: number): void {
    for (const key of [...this.partitions.keys()]) {
      const { topic, partition } = parsePartitionKey(key);
      if (assignment[topic]?.includes(partition)) this.releasedUntil.delete(key);
      else if (releaseUntil === undefined) this.forget(key);
      else if (!this.releasedUntil.has(key)) this.releasedUntil.set(key, releaseUntil);
    }
  }

  private forget(key: string): void {
    this.partitions.delete(key);
    this.releasedUntil.delete(key);
  }
}
