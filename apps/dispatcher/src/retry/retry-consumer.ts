import { HEADERS, INTERNAL_TOPICS, prefixed, RETRY_TIERS_MS, retryTopic } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig, groupIds } from '../config';
import { groupConsumerConfig } from '../kafka/group-consumer-config';
import { ManagedConsumer } from '../kafka/managed-consumer';
import { OutgoingRecord } from '@app/common';
import { KafkaPublisher } from '../kafka/publisher';
import { Metrics } from '../metrics/metrics';
import { partitionKey } from '../kafka/topic-partition';
import { CONFIG, KAFKA, LOGGER, PUBLISHER } from '../tokens';
import { retryRoute } from './retry-tiers';

/**
 * Moves retries from the tier topics (`webhooks.retry.<T>ms.v1`, one per RETRY_TIERS_MS) back to
 * `webhooks.deliveries.v1` when due. Each tier is FIFO with a fixed delay, so when a partition's
 * head is not yet eligible nothing behind it is either (up to notBefore, which is only ever
 * earlier than the tier's end and is then waited for in a shorter tier): the partition is paused
 * until the head is eligible, and the head's offset is left unresolved so the fetch after resume
 * starts from it (kafkajs fetches from the last resolved offset + 1 and drops fetched batches of
 * paused partitions, so no seek is needed). A record's due time is its `x-not-before` header: the
 * record itself is never parsed. An eligible record whose time has come is produced to deliveries
 * with its key, bytes and headers unchanged; one still early moves to the tier that fits the time
 * left. Offsets are committed once those records are acknowledged.
 *
 * Waiting retries sit on their own topics, so they never hold up first attempts or other
 * subscriptions.
 */
@Injectable()
export class RetryConsumer {
  private readonly log: Logger;
  private readonly tierOfTopic: Map<string, number>;
  private readonly resumeTimers = new Map<string, NodeJS.Timeout>();
  private managed?: ManagedConsumer;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    @Inject(PUBLISHER) private readonly publisher: KafkaPublisher,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'retry' });
    this.tierOfTopic = new Map(RETRY_TIERS_MS.map((tier) => [this.tierTopic(tier), tier]));
  }

  get ready(): boolean {
    return this.managed?.joined ?? false;
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer(
      groupConsumerConfig(this.config, groupIds(this.config).retry, () => this.managed?.assignment ?? {}, {
        deliveryPath: false,
      }),
    );
    this.managed = new ManagedConsumer(consumer, this.log);
    await this.managed.start(
      { topics: [...this.tierOfTopic.keys()], fromBeginning: true },
      {
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.forwardDue(payload),
      },
    );
  }

  async stop(): Promise<void> {
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.managed?.stop();
  }

  private tierTopic(tierMs: number): string {
    return prefixed(this.config.KAFKA_TOPIC_PREFIX, retryTopic(tierMs));
  }

  private async forwardDue({
    batch,
    resolveOffset,
    commitOffsetsIfNecessary,
    pause,
    heartbeat,
    isRunning,
    isStale,
  }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const tierMs = this.tierOfTopic.get(topic)!;
    const deliveries = prefixed(this.config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.deliveries);
    this.metrics.consumerLag.set({ consumer: 'retry', topic, partition }, Number(batch.offsetLag()));
    const now = Date.now();
    const out: OutgoingRecord[] = [];
    let lastDone: string | undefined;
    let headDueAt: number | undefined;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const route = retryRoute(notBeforeOf(message.headers), Number(message.timestamp), tierMs, now);
      if ('wait' in route) {
        headDueAt = route.wait;
        break;
      }
      out.push({
        topic: route.to === 'deliveries' ? deliveries : this.tierTopic(route.tierMs),
        key: message.key?.toString('utf8') ?? null,
        value: message.value,
        headers: message.headers,
      });
      lastDone = message.offset;
    }
    await this.publisher.publish(out);
    if (lastDone !== undefined) {
      resolveOffset(lastDone);
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(lastDone) + 1n).toString() }] }],
      });
    }
    if (headDueAt !== undefined) this.waitForHead(topic, partition, headDueAt - now, pause);
    await heartbeat();
  }

  private waitForHead(topic: string, partition: number, waitMs: number, pause: () => () => void): void {
    const key = partitionKey(topic, partition);
    const resume = pause();
    clearTimeout(this.resumeTimers.get(key));
    this.resumeTimers.set(
      key,
      setTimeout(() => {
        this.resumeTimers.delete(key);
        resume();
      }, waitMs),
    );
  }
}

/** A retry record's due time (epoch ms), from its header; undefined without one (then its tier's end). */
function notBeforeOf(headers: IHeaders | undefined): number | undefined {
  const value = headers?.[HEADERS.notBefore];
  if (value === undefined) return undefined;
  const due = Number(String(value));
  return Number.isFinite(due) ? due : undefined;
}
