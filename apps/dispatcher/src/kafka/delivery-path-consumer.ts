import { Consumer, ConsumerRunConfig, EachBatchPayload, Kafka, TopicPartitions } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig } from '../config';
import { groupConsumerConfig } from './group-consumer-config';
import { ManagedConsumer } from './managed-consumer';
import { OffsetCommitter } from './offset-committer';
import { OffsetTracker } from './offset-tracker';
import { PartitionHandover } from './partition-handover';

/**
 * A consumer group on the delivery path (the inbound and the deliveries consumers): its records'
 * work finishes out of order, so an OffsetTracker keeps its commit points, an OffsetCommitter
 * commits them off the fetch path, and every new assignment goes through a handover, telling the
 * tracker until when the partitions it lost stay committable. It stops in two steps: it stops
 * taking records while what it took finishes, then commits and leaves.
 */
export class DeliveryPathConsumer {
  readonly offsets = new OffsetTracker();
  private readonly consumer: Consumer;
  private readonly managed: ManagedConsumer;
  private readonly committer: OffsetCommitter;
  private isStopping = false;

  constructor(kafka: Kafka, config: DispatcherConfig, groupId: string, log: Logger) {
    const consumer = kafka.consumer(
      groupConsumerConfig(config, groupId, () => this.managed.assignment, { deliveryPath: true }),
    );
    this.consumer = consumer;
    this.committer = new OffsetCommitter(this.offsets, (commits) => consumer.commitOffsets(commits), log);
    const handover = new PartitionHandover({
      kafka,
      groupId,
      waitMs: config.DISPATCHER_HANDOVER_WAIT,
      log,
      stopping: () => this.isStopping,
      owned: () => this.managed.assignment,
    });
    this.managed = new ManagedConsumer(consumer, log, (assignment, previous) =>
      this.offsets.retain(assignment, handover.onAssignment(consumer, assignment, previous)),
    );
  }

  get joined(): boolean {
    return this.managed.joined;
  }

  get stopping(): boolean {
    return this.isStopping;
  }

  async start(
    topics: string[],
    run: { eachBatch: (payload: EachBatchPayload) => Promise<void> } & Pick<
      ConsumerRunConfig,
      'partitionsConsumedConcurrently'
    >,
  ): Promise<void> {
    await this.managed.start(
      { topics, fromBeginning: true },
      { autoCommit: false, eachBatchAutoResolve: false, ...run },
    );
  }

  /** Asks for a commit of what finished (at most one goes out per 100 ms). */
  commitSoon(): void {
    void this.committer.request();
  }

  resume(partitions: TopicPartitions[]): void {
    if (!this.isStopping) this.consumer.resume(partitions);
  }

  /** Takes no more records; what was taken goes on. Commits from now on are retried until `deadline`. */
  stopTaking(topics: readonly string[], deadline: number): void {
    this.isStopping = true;
    this.committer.stopBy(deadline);
    if (this.managed.joined) this.consumer.pause(topics.map((topic) => ({ topic })));
  }

  /** Commits what finished and leaves the group. */
  async leave(): Promise<void> {
    await this.committer.request();
    await this.managed.stop();
  }
}
