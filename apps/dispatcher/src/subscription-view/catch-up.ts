/**
 * Whether a reader has reached, on every partition, the end offsets the topic had when it started
 * (the high watermarks): until then its view of a compacted topic is older than what was already
 * published.
 */
export class CatchUp {
  /** Partition → offset still to reach (exclusive end). */
  private readonly remaining = new Map<number, bigint>();

  constructor(endOffsets: readonly { partition: number; low: string; high: string }[]) {
    for (const { partition, low, high } of endOffsets) {
      if (BigInt(high) > BigInt(low)) this.remaining.set(partition, BigInt(high));
    }
  }

  get done(): boolean {
    return this.remaining.size === 0;
  }

  /** Records that everything before `nextOffset` of `partition` has been applied. */
  reached(partition: number, nextOffset: string): void {
    const target = this.remaining.get(partition);
    if (target !== undefined && BigInt(nextOffset) >= target) this.remaining.delete(partition);
  }
}
