import { EventFamily, FAMILIES, INBOUND_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { groupConsumerConfig } from '../kafka/group-consumer-config';
import { ManagedConsumer } from '../kafka/managed-consumer';
import { OffsetCommitter } from '../kafka/offset-committer';
import { managedWithHandover } from '../kafka/partition-handover';
import { ResolvedOffsets } from '../kafka/resolved-offsets';
import { KafkaPublisher } from '../kafka/publisher';
import { Metrics } from '../metrics/metrics';
import { SubscriptionView } from '../subscription-view/subscription-view';
import { CONFIG, KAFKA, LOGGER, PUBLISHER } from '../tokens';
import { DedupWindow } from './dedup-window';
import { fanOut } from './fan-out';

/** Inbound records validated, matched and produced per produce request (and per commit). */
const CHUNK_SIZE = 500;

/**
 * Reads the seven inbound topics in one consumer group shared by all instances. For each chunk of
 * a fetched batch it produces the invalid and delivery records with acks=all and waits for them;
 * only then does the chunk's offset become committable. Commits go out off the fetch path, a few
 * per second (OffsetCommitter), so a batch of one record costs one produce round trip, not two. A
 * produce failure throws out of eachBatch: kafkajs re-fetches from the last resolved offset and the
 * fan-out runs again, with the same delivery ids (deterministic), so nothing is lost and duplicates
 * are recognisable; events fanned out but not yet committed when the partition is read again (after
 * a restart or a rebalance) are fanned out again the same way, or dropped by the dedup window.
 */
@Injectable()
export class InboundConsumer {
  private readonly log: Logger;
  private readonly familyOfTopic: Map<string, EventFamily>;
  private readonly dedup: DedupWindow;
  private readonly resolved = new ResolvedOffsets();
  private managed?: ManagedConsumer;
  private committer?: OffsetCommitter;
  private stopping = false;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    @Inject(PUBLISHER) private readonly publisher: KafkaPublisher,
    private readonly view: SubscriptionView,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'inbound' });
    this.familyOfTopic = new Map(
      FAMILIES.map((family) => [prefixed(config.KAFKA_TOPIC_PREFIX, INBOUND_TOPICS[family]), family]),
    );
    this.dedup = new DedupWindow(config.INBOUND_DEDUP_WINDOW);
  }

  get ready(): boolean {
    return this.managed?.joined ?? false;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer(
      groupConsumerConfig(this.config, groupIds(this.config).inbound, () => this.managed?.assignment ?? {}, {
        deliveryPath: true,
      }),
    );
    this.committer = new OffsetCommitter(
      this.resolved,
      (commits) => consumer.commitOffsets(commits),
      this.log,
    );
    this.managed = managedWithHandover(
      consumer,
      {
        kafka: this.kafka,
        groupId: groupIds(this.config).inbound,
        waitMs: this.config.DISPATCHER_HANDOVER_WAIT,
        log: this.log,
        stopping: () => this.stopping,
      },
      (assignment, releaseUntil) => this.resolved.retain(assignment, releaseUntil),
    );
    await this.managed.start(
      { topics: [...this.familyOfTopic.keys()], fromBeginning: true },
      {
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: 4,
        eachBatch: (payload) => this.processBatch(payload),
      },
    );
  }

  /**
   * Commits what was fanned out, stops fetching (the batch in progress is produced and commits at
   * its end) and leaves the group, committing for at most `timeoutMs`.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.committer?.stopBy(Date.now() + timeoutMs);
    await this.committer?.request();
    await this.managed?.stop();
  }

  private async processBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const family = this.familyOfTopic.get(topic)!;
    await this.view.whenCaughtUp(heartbeat);
    this.metrics.consumerLag.set({ consumer: 'inbound', topic, partition }, Number(batch.offsetLag()));
    for (let start = 0; start < batch.messages.length; start += CHUNK_SIZE) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + CHUNK_SIZE);
      const now = new Date();
      const result = fanOut(chunk, {
        topic,
        partition,
        family,
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
        maxEventBytes: this.config.INBOUND_MAX_EVENT_BYTES,
        now,
        match: (event) => this.view.match(event),
        dedup: this.dedup,
      });
      try {
        await this.publisher.publish(result.records, { linger: false });
      } catch (error) {
        this.log.error(
          { err: error, topic, partition, offset: chunk[0].offset },
          'producing the fan-out failed; the records will be read again',
        );
        throw error;
      }
      this.dedup.remember(result.eventIds, now.getTime());
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      this.resolved.resolve(topic, partition, BigInt(last) + 1n);
      void this.committer?.request();
      this.count(family, result.counts);
      if (result.counts.invalid > 0) {
        this.log.warn(
          { topic, partition, invalid: result.counts.invalid },
          'invalid inbound records sent to the invalid topic',
        );
      }
      await heartbeat();
    }
    // kafkajs leaves the group right after the batch in progress when stopping: commit before that.
    if (this.stopping) await this.committer?.request();
  }

  private count(family: EventFamily, counts: ReturnType<typeof fanOut>['counts']): void {
    this.metrics.inboundEvents.inc({ family, result: 'matched' }, counts.matched);
    this.metrics.inboundEvents.inc({ family, result: 'unmatched' }, counts.unmatched);
    this.metrics.inboundEvents.inc({ family, result: 'duplicate' }, counts.duplicate);
    this.metrics.inboundEvents.inc({ family, result: 'invalid' }, counts.invalid);
    this.metrics.invalidEvents.inc({ family }, counts.invalid);
    this.metrics.deliveriesCreated.inc(counts.deliveries);
  }
}
