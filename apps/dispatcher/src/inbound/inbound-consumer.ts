import { EventFamily, FAMILIES, INBOUND_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { ManagedConsumer } from '../kafka/managed-consumer';
import { OffsetCommitter } from '../kafka/offset-committer';
import { handedOverConsumer } from '../kafka/partition-handover';
import { ResolvedOffsets } from '../kafka/resolved-offsets';
import { KafkaPublisher } from '../kafka/publisher';
import { Metrics } from '../metrics/metrics';
import { SubscriptionView } from '../subscription-view/subscription-view';
import { CONFIG, KAFKA, LOGGER, PUBLISHER } from '../tokens';
import { DedupWindow } from './dedup-window';
import { fanOut } from './fan-out';
import { FannedOutChunk, FanOutPipeline, PartitionRewind } from './fan-out-pipeline';

/** Inbound records validated and matched at a time (a chunk: the unit of commit and of rewind). */
const CHUNK_SIZE = 500;
/** Fan-out records queued or being produced beyond which eachBatch waits (backpressure). */
const MAX_PENDING_RECORDS = 4_000;

/**
 * Reads the seven inbound topics in one consumer group shared by all instances. Each chunk of a
 * fetched batch is validated, deduplicated and matched, and its invalid and delivery records are
 * queued on the FanOutPipeline, which produces them in order with acks=all off the fetch path; the
 * chunk's offset becomes committable only once they are acknowledged. Commits go out a few per
 * second (OffsetCommitter). A produce failure rewinds the partitions concerned (seek) to their first
 * unproduced record: they are fanned out again with the same delivery ids (deterministic), so
 * nothing is lost and duplicates are recognisable; events fanned out but not yet committed when the
 * partition is read again (after a restart or a rebalance) are fanned out again the same way, or
 * dropped by the dedup window.
 */
@Injectable()
export class InboundConsumer {
  private readonly log: Logger;
  private readonly familyOfTopic: Map<string, EventFamily>;
  private readonly dedup: DedupWindow;
  private readonly resolved = new ResolvedOffsets();
  private readonly fanOuts: FanOutPipeline;
  private consumer?: Consumer;
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
    this.fanOuts = new FanOutPipeline({
      publish: (records) => publisher.publish(records, { linger: false }),
      durable: (chunk) => this.durable(chunk),
      rewind: (partitions, error) => this.rewind(partitions, error),
      maxPendingRecords: MAX_PENDING_RECORDS,
    });
  }

  get ready(): boolean {
    return this.managed?.joined ?? false;
  }

  async start(): Promise<void> {
    const { consumer, committer, managed } = handedOverConsumer(this.kafka, this.config, {
      groupId: groupIds(this.config).inbound,
      offsets: this.resolved,
      log: this.log,
      stopping: () => this.stopping,
    });
    this.consumer = consumer;
    this.committer = committer;
    this.managed = managed;
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
   * Stops fetching, lets what was fanned out be produced, commits it and leaves the group,
   * committing for at most `timeoutMs`.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.committer?.stopBy(Date.now() + timeoutMs);
    await this.fanOuts.drain();
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
      await this.fanOuts.room();
      // After a rewind (a failed produce) the rest of this batch is read again.
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(start, start + CHUNK_SIZE);
      const now = Date.now();
      const result = fanOut(chunk, {
        topic,
        partition,
        family,
        topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
        maxEventBytes: this.config.INBOUND_MAX_EVENT_BYTES,
        now: new Date(now),
        match: (event) => this.view.match(event),
        seen: (eventId) => this.dedup.has(eventId, now) || this.fanOuts.holds(eventId),
      });
      const last = chunk[chunk.length - 1].offset;
      this.fanOuts.enqueue({
        topic,
        partition,
        firstOffset: chunk[0].offset,
        nextOffset: BigInt(last) + 1n,
        records: result.records,
        eventIds: result.eventIds,
        fannedOutAt: now,
      });
      resolveOffset(last);
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
    if (this.stopping) {
      await this.fanOuts.drain();
      await this.committer?.request();
    }
  }

  private durable(chunk: FannedOutChunk): void {
    this.dedup.remember(chunk.eventIds, chunk.fannedOutAt);
    this.resolved.resolve(chunk.topic, chunk.partition, chunk.nextOffset);
    void this.committer?.request();
  }

  private rewind(partitions: readonly PartitionRewind[], error: unknown): void {
    this.log.error(
      { err: error, partitions },
      'producing the fan-out failed; the partitions will be read again from their first unproduced record',
    );
    for (const { topic, partition, offset } of partitions) this.consumer?.seek({ topic, partition, offset });
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
