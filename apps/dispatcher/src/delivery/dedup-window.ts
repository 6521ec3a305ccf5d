/**
 * Ids (inbound event ids, finished delivery attempts) seen within the last `windowMs`, in insertion (time) order so expiry pops from the
 * front; bounded by `maxEntries` (the oldest are forgotten first).
 *
 * It is per instance and in memory: a duplicate is dropped when the same dispatcher instance read
 * the first copy within the window. Copies read by different instances (they sit on different
 * partitions, or a rebalance moved the partition in between), or after a restart, are delivered
 * again; they carry the same delivery id (see delivery-id.ts), hence the same `webhook-id`, so
 * receivers following Standard Webhooks drop them.
 */
export class DedupWindow {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 1_000_000,
  ) {}

  has(id: string, now: number): boolean {
    this.expire(now);
    return this.seenAt.has(id);
  }

  remember(ids: Iterable<string>, now: number): void {
    for (const id of ids) {
      // Re-inserting moves the id to the end, keeping the map in time order.
      this.seenAt.delete(id);
      this.seenAt.set(id, now);
    }
    this.expire(now);
    for (const id of this.seenAt.keys()) {
      if (this.seenAt.size <= this.maxEntries) break;
      this.seenAt.delete(id);
    }
  }

  private expire(now: number): void {
    for (const [id, at] of this.seenAt) {
      if (now - at < this.windowMs) break;
      this.seenAt.delete(id);
    }
  }
}
