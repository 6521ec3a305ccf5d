import { OutgoingRecord } from '@app/common';

/** What one chunk of an inbound batch became, waiting to be produced. */
export interface FannedOutChunk {
  topic: string;
  partition: number;
  /** Offset of the chunk's first record: where the partition is read again if producing fails. */
  firstOffset: string;
  /** Offset after the chunk's last record: committable once the chunk's records are in Kafka. */
  nextOffset: bigint;
  /** Invalid and delivery records; none when no event matched. */
  records: OutgoingRecord[];
  /** Ids of the valid events of the chunk, held as seen while the chunk is pending. */
  eventIds: string[];
  /** When the chunk was fanned out (epoch ms). */
  fannedOutAt: number;
}

export interface PartitionRewind {
  topic: string;
  partition: number;
  offset: string;
}

export interface FanOutPipelineDependencies {
  /** Produces with acks=all; rejects if any record is not acknowledged. */
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  /** The chunk and every chunk of its partition before it are in Kafka. */
  durable(chunk: FannedOutChunk): void;
  /**
   * Producing failed (after the producer's own retries): read these partitions again from
   * `offset`. Nothing of theirs from that offset on was produced, and nothing more will be until
   * the partition is read again.
   */
  rewind(partitions: readonly PartitionRewind[], error: unknown): void;
  /** Records queued or in flight beyond which `room` waits: the backpressure on the fetch loop. */
  maxPendingRecords: number;
}

/**
 * Produces the inbound fan-out off the fetch path, in order. The consumer's eachBatch queues each
 * chunk and returns, so the next fetch does not wait for the produce round trip (the dev broker,
 * like Kafka, returns one record batch per partition per fetch, so a registry producing small
 * batches is read only as fast as the fetch loop turns). One produce request is in flight at a time
 * and carries every chunk queued while the previous one was: under load requests grow instead of
 * multiplying, and so do the deliveries topic's record batches. A chunk's offset becomes committable
 * only once its records and those of every earlier chunk are acknowledged; if a request fails, it
 * and everything queued behind it are dropped and their partitions read again from their first
 * unproduced offset, so records are produced once, in inbound order, or read again (at least once,
 * with the same delivery ids).
 */
export class FanOutPipeline {
  private queue: FannedOutChunk[] = [];
  private pendingRecords = 0;
  private sending = false;
  private readonly heldEventIds = new Map<string, number>();
  private roomWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: FanOutPipelineDependencies) {}

  /** Records queued or in flight. */
  get pending(): number {
    return this.pendingRecords;
  }

  /** Whether a pending chunk carries this event (its later copies are duplicates, as if produced). */
  holds(eventId: string): boolean {
    return this.heldEventIds.has(eventId);
  }

  /** Resolves once fewer than `maxPendingRecords` records are queued or in flight. */
  async room(): Promise<void> {
    while (this.pendingRecords >= this.deps.maxPendingRecords) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Queues a chunk behind the earlier ones; produced with the next request. */
  enqueue(chunk: FannedOutChunk): void {
    this.queue.push(chunk);
    this.pendingRecords += chunk.records.length;
    for (const id of chunk.eventIds) this.heldEventIds.set(id, (this.heldEventIds.get(id) ?? 0) + 1);
    void this.pump();
  }

  /** Resolves once nothing is queued or in flight. */
  async drain(): Promise<void> {
    if (!this.sending && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const chunks = this.queue;
        this.queue = [];
        try {
          const records = chunks.flatMap((chunk) => chunk.records);
          if (records.length > 0) await this.deps.publish(records);
          for (const chunk of chunks) {
            this.settle(chunk);
            this.deps.durable(chunk);
          }
        } catch (error) {
          const failed = [...chunks, ...this.queue];
          this.queue = [];
          for (const chunk of failed) this.settle(chunk);
          this.deps.rewind(firstOffsets(failed), error);
        }
        if (this.pendingRecords < this.deps.maxPendingRecords) {
          this.roomWaiters.splice(0).forEach((wake) => wake());
        }
      }
    } finally {
      this.sending = false;
      this.idleWaiters.splice(0).forEach((wake) => wake());
    }
  }

  private settle(chunk: FannedOutChunk): void {
    this.pendingRecords -= chunk.records.length;
    for (const id of chunk.eventIds) {
      const count = this.heldEventIds.get(id)! - 1;
      if (count === 0) this.heldEventIds.delete(id);
      else this.heldEventIds.set(id, count);
    }
  }
}

/** The first offset of the earliest chunk of each partition (chunks are in queue order). */
function firstOffsets(chunks: readonly FannedOutChunk[]): PartitionRewind[] {
  const byPartition = new Map<string, PartitionRewind>();
  for (const { topic, partition, firstOffset } of chunks) {
    const key = `${partition}|${topic}`;
    if (!byPartition.has(key)) byPartition.set(key, { topic, partition, offset: firstOffset });
  }
  return [...byPartition.values()];
}
