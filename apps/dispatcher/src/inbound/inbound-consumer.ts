import { EventFamily, FAMILIES, INBOUND_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { groupConsumerConfig } from '../kafka/group-consumer-config';
import { ManagedConsumer } from '../kafka/managed-consumer';
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
 * only then does it commit the chunk's offsets. A produce failure throws out of eachBatch without
 * committing: kafkajs re-fetches from the last commit and the fan-out runs again, with the same
 * delivery ids (deterministic), so nothing is lost and duplicates are recognisable.
 */
@Injectable()
export class InboundConsumer {
  private readonly log: Logger;
  private readonly familyOfTopic: Map<string, EventFamily>;
  private readonly dedup: DedupWindow;
  private managed?: ManagedConsumer;

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
      groupConsumerConfig(this.config, groupIds(this.config).inbound, () => this.managed?.assignment ?? {}),
    );
    this.managed = new ManagedConsumer(consumer, this.log);
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

  /** Stops fetching (waiting for the batch in progress to be produced and committed) and leaves the group. */
  async stop(): Promise<void> {
    await this.managed?.stop();
  }

  private async processBatch({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const family = this.familyOfTopic.get(topic)!;
    await this.view.whenCaughtUp(heartbeat);
    this.metrics.consumerLag.set({ consumer: 'inbound', topic, partition }, Number(batch.offsetLag()));
    for (let start = 0; start < batch.messages.length; start += CHUNK_SIZE) {
      if (!isRunning() || isStale()) return;
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
        await this.publisher.publish(result.records);
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
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      this.count(family, result.counts);
      if (result.counts.invalid > 0) {
        this.log.warn(
          { topic, partition, invalid: result.counts.invalid },
          'invalid inbound records sent to the invalid topic',
        );
      }
      await heartbeat();
    }
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
