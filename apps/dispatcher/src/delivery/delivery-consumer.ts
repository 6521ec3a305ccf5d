import { INTERNAL_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { ManagedConsumer } from '../kafka/managed-consumer';
import { handedOverConsumer } from '../kafka/partition-handover';
import { OffsetCommitter } from '../kafka/offset-committer';
import { OffsetTracker } from '../kafka/offset-tracker';
import { KafkaPublisher } from '../kafka/publisher';
import { Metrics } from '../metrics/metrics';
import { SubscriptionView } from '../subscription-view/subscription-view';
import { CONFIG, KAFKA, LOGGER, PUBLISHER } from '../tokens';
import { BacklogDeferral, QueuedDelivery } from './backlog-deferral';
import { DeliveryAborted, DeliveryProcessor } from './delivery-processor';
import { DedupWindow } from '../inbound/dedup-window';
import { KeyedSerialQueue, TaskEvicted } from './keyed-serial-queue';
import { parseDeliveryRecord } from './parse-delivery-record';

/** Of the shutdown timeout, what is kept for committing after the deliveries in progress. */
const COMMIT_RESERVE_MS = 2_000;
/**
 * Delivery attempts this instance finished, remembered for a while: a record read again because its
 * offset could not be committed (the broker refuses commits while the group rebalances, and an
 * inbound chunk whose commit failed is fanned out again) is skipped instead of sent twice.
 */
const FINISHED_WINDOW_MS = 10 * 60_000;
const FINISHED_MAX_ENTRIES = 50_000;

/**
 * Reads `webhooks.deliveries.v1` in a consumer group shared by all instances and hands each record
 * to its subscription's queue without waiting for it: eachBatch returns at once, so a slow
 * subscription never holds up the fetch of its partition. Offsets are resolved as records are taken
 * (the fetch position) but committed only up to the contiguous prefix of finished records
 * (OffsetTracker): a record counts as finished once its attempt, retry and dead-letter records are
 * acknowledged (a deferred one: once handed to the retry tier). A subscription's next record starts
 * as soon as the previous one's outcome is known, while Kafka acknowledges its records: waiting for
 * that too would cap a busy subscription at one delivery per produce round trip. When
 * DISPATCHER_MAX_BUFFERED records are taken and unfinished, the partitions that bring more are
 * paused until the buffer is down to half, and the backlogs of stalled subscriptions are deferred
 * to the retry tier (BacklogDeferral) so that one slow endpoint with a burst cannot hold the whole
 * buffer; while it stays full, they are looked for again as further subscriptions come to count as
 * stalled.
 *
 * Ordering trade-off: records of one subscription are delivered one at a time in offset order; a
 * deferred record comes back after those read meanwhile, as a retry does. An ordered subscription
 * is never deferred, and retrying in place it holds its queue: the commit point of its partition
 * stays behind its record meanwhile (other subscriptions on the partition keep being delivered; a
 * crash then redelivers what they got after that point).
 */
@Injectable()
export class DeliveryConsumer {
  private readonly log: Logger;
  private readonly topic: string;
  private readonly tracker = new OffsetTracker();
  private readonly queue = new KeyedSerialQueue<QueuedDelivery>();
  private readonly deferral: BacklogDeferral;
  private readonly finished = new DedupWindow(FINISHED_WINDOW_MS, FINISHED_MAX_ENTRIES);
  /** Records delivered whose attempt records Kafka has not acknowledged yet (still unfinished). */
  private readonly recordings = new Set<Promise<void>>();
  private readonly paused = new Map<string, { topic: string; partitions: number[] }>();
  private readonly shutdown = new AbortController();
  private deferralTimer?: NodeJS.Timeout;
  private consumer?: Consumer;
  private managed?: ManagedConsumer;
  private stopping = false;
  private committer?: OffsetCommitter;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    @Inject(PUBLISHER) publisher: KafkaPublisher,
    private readonly processor: DeliveryProcessor,
    private readonly view: SubscriptionView,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'deliveries' });
    this.topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.deliveries);
    this.deferral = new BacklogDeferral({
      queue: this.queue,
      publish: (records) => publisher.publish(records),
      isOrdered: (subscriptionId) => view.get(subscriptionId)?.ordered ?? false,
      metrics,
      log: this.log,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      signal: this.shutdown.signal,
    });
  }

  /** Records taken and unfinished: queued or running, being recorded, or being handed to the retry tier. */
  private get buffered(): number {
    return this.queue.size + this.recordings.size + this.deferral.inProgress;
  }

  get ready(): boolean {
    return this.managed?.joined ?? false;
  }

  async start(): Promise<void> {
    const { consumer, committer, managed } = handedOverConsumer(this.kafka, this.config, {
      groupId: groupIds(this.config).deliveries,
      offsets: this.tracker,
      log: this.log,
      stopping: () => this.stopping,
    });
    this.consumer = consumer;
    this.committer = committer;
    this.managed = managed;
    await this.managed.start(
      { topics: [this.topic], fromBeginning: true },
      {
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.takeBatch(payload),
      },
    );
  }

  /**
   * Stops taking records, waits for those taken to finish, interrupts the rest (left uncommitted:
   * the next owner redelivers them), commits, and leaves the group; all within `timeoutMs`.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    clearTimeout(this.deferralTimer);
    if (!this.consumer || !this.managed || !this.committer) return;
    this.committer.stopBy(Date.now() + timeoutMs);
    // takeBatch takes nothing more once stopping; pausing (possible while running) spares the fetches.
    if (this.managed.joined) this.consumer.pause([{ topic: this.topic }]);
    // Deliveries still running add recordings, so those are waited for once the queue is idle.
    const idle = async (): Promise<void> => {
      await this.queue.whenIdle();
      await Promise.all([this.deferral.whenSettled(), ...this.recordings]);
    };
    const drained = await Promise.race([
      idle().then(() => true),
      delay(Math.max(0, timeoutMs - COMMIT_RESERVE_MS), false),
    ]);
    if (!drained) {
      this.log.warn(
        { unfinished: this.buffered },
        'shutdown timeout: interrupting deliveries in progress; they will be redelivered',
      );
      this.shutdown.abort();
      await idle();
    }
    // The queue is idle before the continuations that mark its last records finished have run.
    await new Promise((resolve) => setImmediate(resolve));
    await this.committer.request();
    await this.managed.stop();
  }

  private async takeBatch({
    batch,
    resolveOffset,
    pause,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    this.metrics.consumerLag.set({ consumer: 'deliveries', topic, partition }, Number(batch.offsetLag()));
    await this.view.whenCaughtUp(heartbeat);
    for (const message of batch.messages) {
      if (this.stopping || !isRunning() || isStale()) break;
      if (this.buffered >= this.config.DISPATCHER_MAX_BUFFERED) {
        pause();
        this.paused.set(`${partition}|${topic}`, { topic, partitions: [partition] });
        this.log.debug({ topic, partition, buffered: this.buffered }, 'buffer full: partition paused');
        this.deferStalledBacklogs();
        break;
      }
      resolveOffset(message.offset);
      if (this.tracker.track(topic, partition, message.offset)) this.take(topic, partition, message);
    }
    this.metrics.buffered.set(this.buffered);
    await heartbeat();
  }

  private take(topic: string, partition: number, message: KafkaMessage): void {
    const finish = (): void => this.finish(topic, partition, message.offset);
    const record = parseDeliveryRecord(message.value);
    if (!record.ok) {
      this.log.warn(
        { topic, partition, offset: message.offset, reason: record.reason },
        'invalid delivery record skipped',
      );
      finish();
      return;
    }
    const { deliveryId, subscriptionId, attempt } = record.value;
    const attemptKey = `${deliveryId}#${attempt}`;
    if (this.finished.has(attemptKey, Date.now())) {
      this.metrics.deliveriesSkipped.inc({ reason: 'duplicate' });
      finish();
      return;
    }
    const recorded = (): void => {
      this.finished.remember([attemptKey], Date.now());
      finish();
    };
    const failed = (error: unknown): void => {
      // Interrupted by shutdown: left unfinished. Deferred: finished by BacklogDeferral once
      // handed over, and not remembered as an attempt (it was not one).
      if (error instanceof DeliveryAborted || error instanceof TaskEvicted) return;
      // A bug (e.g. in a formatter) must not wedge the partition's commit point forever.
      this.log.error({ err: error, deliveryId, subscriptionId }, 'delivery failed unexpectedly; skipped');
      finish();
    };
    const queued: QueuedDelivery = {
      delivery: record.value,
      run: async () => {
        const processed = await this.processor.process(record.value, this.shutdown.signal);
        // Out of the set before finishing, so that finish() sees the buffer without it.
        const recording: Promise<void> = processed.recorded.then(
          () => {
            this.recordings.delete(recording);
            recorded();
          },
          (error: unknown) => {
            this.recordings.delete(recording);
            failed(error);
          },
        );
        this.recordings.add(recording);
      },
      finish,
    };
    this.queue.enqueue(subscriptionId, queued).catch(failed);
  }

  private finish(topic: string, partition: number, offset: string): void {
    this.tracker.complete(topic, partition, offset);
    this.metrics.buffered.set(this.buffered);
    void this.committer?.request();
    if (this.paused.size > 0 && !this.stopping && this.buffered < this.config.DISPATCHER_MAX_BUFFERED / 2) {
      clearTimeout(this.deferralTimer);
      this.deferralTimer = undefined;
      this.consumer?.resume([...this.paused.values()]);
      this.paused.clear();
    }
  }

  /**
   * Defers stalled backlogs until the buffer is down to half (where the partitions resume); when
   * that is not yet possible, looks again when the next backlog will count as stalled.
   */
  private deferStalledBacklogs(): void {
    clearTimeout(this.deferralTimer);
    this.deferralTimer = undefined;
    if (this.stopping || this.paused.size === 0) return;
    const nextStallAt = this.deferral.deferStalled(this.config.DISPATCHER_MAX_BUFFERED / 2);
    if (nextStallAt !== undefined) {
      this.deferralTimer = setTimeout(
        () => this.deferStalledBacklogs(),
        Math.max(0, nextStallAt - Date.now()),
      );
    }
  }
}
