import { OutgoingRecord } from '@app/common';
import { EventFamily, FAMILIES, INBOUND_TOPICS, INTERNAL_TOPICS, prefixed } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { DedupWindow } from '../delivery/dedup-window';
import { DeliveryEngine } from '../delivery/delivery-engine';
import { DeliveryPathConsumer } from '../kafka/delivery-path-consumer';
import { PartitionOffsets } from '../kafka/offset-tracker';
import { KafkaPublisher, publishUntilAcknowledged } from '../kafka/publisher';
import { partitionKey } from '../kafka/topic-partition';
import { Metrics } from '../metrics/metrics';
import { SubscriptionView } from '../subscription-view/subscription-view';
import { CONFIG, KAFKA, LOGGER, PUBLISHER } from '../tokens';
import { InboundContext, readInboundRecord } from './inbound-record';

type Counts = Record<'matched' | 'unmatched' | 'duplicate' | 'invalid', number>;

/**
 * Matched event ids the dedup window holds at most (about 10 MB of heap): at a sustained 1,000
 * matched events/s a 10-minute window would hold 600,000, more than the dispatcher's whole heap cap
 * allows; the window is then the last 100,000 events, still minutes at such a rate.
 */
const DEDUP_MAX_EVENTS = 100_000;

/**
 * Reads the seven inbound topics in one consumer group shared by all instances, and delivers what
 * it reads itself: each record is validated, deduplicated and matched, and each (event,
 * subscription) pair goes to the delivery engine, which delivers it from this process or, for an
 * event matching more than DISPATCHER_DIRECT_FANOUT_MAX subscriptions, hands it to the deliveries
 * topic so that every instance shares the fan-out. An invalid record goes to the invalid topic.
 * eachBatch does not wait for any of it: a record's offset is committed once every pair of it, and
 * of every record before it, is finished (delivered and its attempt recorded, or durably handed
 * on), or its invalid record is acknowledged. When the engine's buffer is full, eachBatch waits.
 *
 * A record read again (after a crash or a rebalance, before its offset was committed) yields the
 * same delivery ids, hence the same `webhook-id`; the dedup window drops it on this instance.
 */
@Injectable()
export class InboundConsumer {
  private readonly log: Logger;
  private readonly familyOfTopic: Map<string, EventFamily>;
  private readonly invalidTopic: string;
  private readonly dedup: DedupWindow;
  private readonly consumer: DeliveryPathConsumer;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    @Inject(PUBLISHER) private readonly publisher: KafkaPublisher,
    private readonly engine: DeliveryEngine,
    private readonly view: SubscriptionView,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'inbound' });
    this.familyOfTopic = new Map(
      FAMILIES.map((family) => [prefixed(config.KAFKA_TOPIC_PREFIX, INBOUND_TOPICS[family]), family]),
    );
    this.invalidTopic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.invalid);
    this.dedup = new DedupWindow(config.INBOUND_DEDUP_WINDOW, DEDUP_MAX_EVENTS);
    this.consumer = new DeliveryPathConsumer(kafka, config, groupIds(config).inbound, this.log);
  }

  get ready(): boolean {
    return this.consumer.joined;
  }

  async start(): Promise<void> {
    await this.consumer.start([...this.familyOfTopic.keys()], {
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.takeBatch(payload),
    });
  }

  /** Takes no more records; what was taken goes on. Commits from now on are retried until `deadline`. */
  stopTaking(deadline: number): void {
    this.consumer.stopTaking([...this.familyOfTopic.keys()], deadline);
  }

  leave(): Promise<void> {
    return this.consumer.leave();
  }

  private async takeBatch({
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
    const offsets = this.consumer.offsets.partition(topic, partition);
    const lane = partitionKey(topic, partition);
    const counts: Counts = { matched: 0, unmatched: 0, duplicate: 0, invalid: 0 };
    let deliveries = 0;
    const now = Date.now();
    const context: InboundContext = {
      topic,
      partition,
      family,
      invalidTopic: this.invalidTopic,
      maxEventBytes: this.config.INBOUND_MAX_EVENT_BYTES,
      createdAt: new Date(now).toISOString(),
      match: (event) => this.view.match(event),
      firstSight: (eventId) => {
        if (this.dedup.has(eventId, now)) return false;
        this.dedup.remember([eventId], now);
        return true;
      },
    };
    // Stopping, a rebalance or a seek can only happen while this waits, so they are looked at
    // after each wait, not per record; kafkajs is told the last record taken before each wait and
    // at the end (its resolveOffset parses the offset and compares it twice).
    const stillTaking = (): boolean => !this.consumer.stopping && isRunning() && !isStale();
    let lastTaken: string | undefined;
    const resolveTaken = (): void => {
      if (lastTaken !== undefined) resolveOffset(lastTaken);
      lastTaken = undefined;
    };
    let taking = stillTaking();
    for (const message of batch.messages) {
      if (!taking) break;
      if (this.engine.full) {
        resolveTaken();
        await this.engine.room(heartbeat);
        taking = stillTaking();
        if (!taking) break;
      }
      lastTaken = message.offset;
      const offset = BigInt(message.offset);
      // Taken before a rebalance made kafkajs fetch it again: in progress or finished already.
      if (offsets.taken(offset)) continue;
      const read = readInboundRecord(message, context);
      if (read.kind === 'invalid') {
        counts.invalid += 1;
        offsets.take(offset, true);
        this.sendInvalid(offsets, offset, read.record);
      } else if (read.kind === 'duplicate') {
        counts.duplicate += 1;
        offsets.take(offset, false);
      } else if (read.deliveries.length === 0) {
        counts.unmatched += 1;
        offsets.take(offset, false);
      } else {
        counts.matched += 1;
        deliveries += read.deliveries.length;
        offsets.take(offset, true);
        let unfinished = read.deliveries.length;
        const finish = (): void => {
          unfinished -= 1;
          if (unfinished === 0) this.finished(offsets, offset);
        };
        const fanOut = read.deliveries.length > this.config.DISPATCHER_DIRECT_FANOUT_MAX;
        for (const delivery of read.deliveries) {
          this.engine.submit(lane, 'inbound', { delivery, finish }, { fanOut });
        }
      }
    }
    resolveTaken();
    // Records that needed nothing moved the commit point without finishing anything.
    this.consumer.commitSoon();
    this.count(family, counts, deliveries);
    if (counts.invalid > 0) {
      this.log.warn(
        { topic, partition, invalid: counts.invalid },
        'invalid inbound records sent to the invalid topic',
      );
    }
    await heartbeat();
  }

  private sendInvalid(offsets: PartitionOffsets, offset: bigint, record: OutgoingRecord): void {
    publishUntilAcknowledged((records) => this.publisher.publish(records, { linger: false }), [record], {
      signal: this.engine.signal,
      log: this.log,
      what: 'invalid records',
    }).then(
      () => this.finished(offsets, offset),
      // Shutdown: left uncommitted, read again by the next owner.
      () => undefined,
    );
  }

  private finished(offsets: PartitionOffsets, offset: bigint): void {
    offsets.complete(offset);
    this.consumer.commitSoon();
  }

  private count(family: EventFamily, counts: Counts, deliveries: number): void {
    for (const [result, count] of Object.entries(counts)) {
      if (count > 0) this.metrics.inboundEvents.inc({ family, result }, count);
    }
    if (deliveries > 0) this.metrics.deliveriesCreated.inc(deliveries);
  }
}
