import { Consumer, Kafka, TopicPartitions } from 'kafkajs';
import { Logger } from 'pino';
import { Assignment } from './managed-consumer';

export interface HandoverOptions {
  kafka: Kafka;
  groupId: string;
  /** DISPATCHER_HANDOVER_WAIT; 0 turns the handover off. */
  waitMs: number;
  log: Logger;
  /** The partitions the consumer owns now (a later rebalance may have moved them again). */
  owned: () => Assignment;
  stopping: () => boolean;
}

/**
 * The handover after a rebalance (DISPATCHER_HANDOVER_WAIT). The broker refuses commits while the
 * group rejoins, so a member usually loses partitions with work done but not committed; the next
 * owner would read that work again from the last commit. Instead, the previous owner may still
 * commit a lost partition for three quarters of the wait (`releaseUntil`, given to its offset
 * bookkeeping), and the new owner pauses a gained partition for the wait, then reads it from the
 * offset committed by then rather than the one kafkajs looked up during the rebalance.
 */
export class PartitionHandover {
  constructor(private readonly options: HandoverOptions) {}

  /**
   * Pauses the partitions gained since `previous` and schedules their takeover. Returns until when
   * lost partitions stay committable, or undefined when the handover is off (forget them at once).
   */
  onAssignment(consumer: Consumer, assignment: Assignment, previous: Assignment): number | undefined {
    const { waitMs, log } = this.options;
    if (waitMs === 0) return undefined;
    const gained: TopicPartitions[] = Object.entries(assignment)
      .map(([topic, partitions]) => ({
        topic,
        partitions: partitions.filter((p) => !previous[topic]?.includes(p)),
      }))
      .filter(({ partitions }) => partitions.length > 0);
    if (gained.length > 0) {
      consumer.pause(gained);
      log.debug({ gained, waitMs }, 'handover: gained partitions wait for their previous owner');
      setTimeout(() => {
        this.takeOver(consumer, gained).catch((error: unknown) => {
          // Reading from the offset kafkajs looked up is still correct, only more likely to repeat work.
          log.warn({ err: error, gained }, 'handover: committed offsets not read; resuming');
          consumer.resume(gained);
        });
      }, waitMs).unref();
    }
    return Date.now() + Math.floor(waitMs * 0.75);
  }

  private async takeOver(consumer: Consumer, gained: TopicPartitions[]): Promise<void> {
    const { kafka, groupId, log, owned, stopping } = this.options;
    const stillOwned = (topic: string, partition: number): boolean =>
      owned()[topic]?.includes(partition) ?? false;
    if (!stopping() && gained.some(({ topic, partitions }) => partitions.some((p) => stillOwned(topic, p)))) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const committed = await admin.fetchOffsets({ groupId, topics: gained.map(({ topic }) => topic) });
        for (const { topic, partitions } of committed) {
          for (const { partition, offset } of partitions) {
            const wasGained = gained.some((g) => g.topic === topic && g.partitions.includes(partition));
            if (!wasGained || !stillOwned(topic, partition) || BigInt(offset) < 0n) continue;
            consumer.seek({ topic, partition, offset });
            log.debug({ topic, partition, offset }, 'handover: reading from the committed offset');
          }
        }
      } finally {
        await admin.disconnect();
      }
    }
    consumer.resume(gained);
  }
}
