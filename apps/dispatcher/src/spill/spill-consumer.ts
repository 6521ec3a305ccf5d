import { DeliveryRecord, INTERNAL_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, Kafka, KafkaMessage, TopicPartitions } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { DedupWindow } from '../delivery/dedup-window';
import { DeliveryEngine } from '../delivery/delivery-engine';
import { DeliveryPathConsumer } from '../kafka/delivery-path-consumer';
import { PartitionOffsets } from '../kafka/offset-tracker';
import { partitionKey } from '../kafka/topic-partition';
import { Metrics } from '../metrics/metrics';
import { SubscriptionView } from '../subscription-view/subscription-view';
import { CONFIG, KAFKA, LOGGER } from '../tokens';

/**
 * Delivery attempts this instance finished, remembered for a while: a record read again because its
 * offset could not be committed (the broker refuses commits while the group rebalances) is skipped
 * instead of sent twice.
 */
const FINISHED_WINDOW_MS = 10 * 60_000;
const FINISHED_MAX_ENTRIES = 50_000;

/**
 * Reads `webhooks.deliveries.v1` (the spill topic: fan-outs, stalled and ordered subscriptions'
 * deliveries handed on, redeliveries from the API, retries due) in a consumer group shared by all
 * instances, and hands each record to the delivery engine without waiting for it: a slow
 * subscription never holds up the fetch of its partition. The records were written by our own apps
 * and are trusted (parsed, not validated again). Offsets are resolved as records are taken (the
 * fetch position) but committed only up to the contiguous prefix of finished records. When the
 * engine's buffer is full, the partitions that bring more are paused until it is not.
 */
@Injectable()
export class SpillConsumer {
  private readonly log: Logger;
  private readonly topic: string;
  private readonly consumer: DeliveryPathConsumer;
  private readonly finishedAttempts = new DedupWindow(FINISHED_WINDOW_MS, FINISHED_MAX_ENTRIES);
  private readonly paused = new Map<string, TopicPartitions>();

  constructor(
    @Inject(CONFIG) config: DispatcherConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    private readonly engine: DeliveryEngine,
    private readonly view: SubscriptionView,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'spill' });
    this.topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.deliveries);
    this.consumer = new DeliveryPathConsumer(kafka, config, groupIds(config).deliveries, this.log);
  }

  get ready(): boolean {
    return this.consumer.joined;
  }

  async start(): Promise<void> {
    await this.consumer.start([this.topic], { eachBatch: (payload) => this.takeBatch(payload) });
  }

  /** Takes no more records; what was taken goes on. Commits from now on are retried until `deadline`. */
  stopTaking(deadline: number): void {
    this.consumer.stopTaking([this.topic], deadline);
  }

  leave(): Promise<void> {
    return this.consumer.leave();
  }

  private async takeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    this.metrics.consumerLag.set({ consumer: 'deliveries', topic, partition }, Number(batch.offsetLag()));
    await this.view.whenCaughtUp(heartbeat);
    const offsets = this.consumer.offsets.partition(topic, partition);
    const lane = partitionKey(topic, partition);
    for (const message of batch.messages) {
      if (this.consumer.stopping || !isRunning() || isStale()) break;
      if (this.engine.full) {
        payload.pause();
        this.pauseUntilRoom(lane, { topic, partitions: [partition] });
        break;
      }
      resolveOffset(message.offset);
      const offset = BigInt(message.offset);
      if (offsets.take(offset, true)) this.take(lane, offsets, offset, message);
    }
    await heartbeat();
  }

  private take(lane: string, offsets: PartitionOffsets, offset: bigint, message: KafkaMessage): void {
    const finish = (): void => {
      offsets.complete(offset);
      this.consumer.commitSoon();
    };
    if (message.value === null) {
      this.log.warn({ lane, offset: message.offset }, 'empty delivery record skipped');
      finish();
      return;
    }
    let delivery: DeliveryRecord;
    try {
      delivery = JSON.parse(message.value.toString('utf8')) as DeliveryRecord;
    } catch (error) {
      this.log.warn({ lane, offset: message.offset, err: error }, 'delivery record that is not JSON skipped');
      finish();
      return;
    }
    const attemptKey = `${delivery.deliveryId}#${delivery.attempt}`;
    if (this.finishedAttempts.has(attemptKey, Date.now())) {
      this.metrics.deliveriesSkipped.inc({ reason: 'duplicate' });
      finish();
      return;
    }
    this.engine.submit(lane, 'spill', {
      delivery,
      finish: (how) => {
        // A deferral is not an attempt: the record comes back to be attempted.
        if (how === 'done') this.finishedAttempts.remember([attemptKey], Date.now());
        finish();
      },
    });
  }

  private pauseUntilRoom(key: string, partitions: TopicPartitions): void {
    this.log.debug({ ...partitions, buffered: this.engine.buffered }, 'buffer full: partition paused');
    const first = this.paused.size === 0;
    this.paused.set(key, partitions);
    if (!first) return;
    void this.engine.room().then(() => {
      const resumed = [...this.paused.values()];
      this.paused.clear();
      this.consumer.resume(resumed);
    });
  }
}
