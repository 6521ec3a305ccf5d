import { retryTransient } from '@app/common';
import { INTERNAL_TOPICS, MatchableEvent, prefixed, SubscriptionRecord } from '@app/events';
import { Inject, Injectable } from '@nestjs/common';
import { EachBatchPayload, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { ulid } from 'ulid';
import { DispatcherConfig } from '../config';
import { groupConsumerConfig } from '../kafka/group-consumer-config';
import { ManagedConsumer } from '../kafka/managed-consumer';
import { Metrics } from '../metrics/metrics';
import { CONFIG, KAFKA, LOGGER } from '../tokens';
import { CatchUp } from './catch-up';
import { SubscriptionRef, SubscriptionState } from './subscription-state';

const HEARTBEAT_WHILE_WAITING_MS = 1_000;

/**
 * This instance's view of the subscriptions: reads the compacted `webhooks.subscriptions.v1` from
 * the beginning in a consumer group of its own (every instance needs every record) and never
 * commits. It is caught up once it has applied everything the topic held when it started; changes
 * after that apply within about a fetch wait (DISPATCHER_FETCH_MAX_WAIT). Its group has the same
 * session timeout as the others, so after a broker outage it rejoins as fast as they do.
 */
@Injectable()
export class SubscriptionView {
  private readonly state = new SubscriptionState();
  private readonly log: Logger;
  private readonly topic: string;
  private managed?: ManagedConsumer;
  private catchUp?: CatchUp;
  private isCaughtUp = false;
  private readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.log = logger.child({ component: 'subscription-view' });
    this.topic = prefixed(config.KAFKA_TOPIC_PREFIX, INTERNAL_TOPICS.subscriptions);
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  /** Starts reading; `whenCaughtUp` tells when the view holds everything published before the start. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      this.catchUp = new CatchUp(await retryTransient(() => admin.fetchTopicOffsets(this.topic)));
    } finally {
      await admin.disconnect();
    }
    const groupId = `${this.config.KAFKA_TOPIC_PREFIX}dispatcher-view-${ulid()}`;
    const consumer = this.kafka.consumer(
      groupConsumerConfig(this.config, groupId, () => ({}), { deliveryPath: false }),
    );
    this.managed = new ManagedConsumer(consumer, this.log);
    await this.managed.start(
      { topics: [this.topic], fromBeginning: true },
      { autoCommit: false, eachBatch: (payload) => this.applyBatch(payload) },
    );
    this.checkCaughtUp();
  }

  get ready(): boolean {
    return this.isCaughtUp && (this.managed?.joined ?? false);
  }

  /**
   * Resolves once the view is caught up. Consumers that match or deliver call it in eachBatch
   * before their first records, so nothing is matched against a partial view; `heartbeat` keeps
   * their group membership meanwhile. They join their groups in parallel with the catch-up.
   */
  async whenCaughtUp(heartbeat: () => Promise<void>): Promise<void> {
    while (!this.isCaughtUp) {
      await Promise.race([this.caughtUp, delay(HEARTBEAT_WHILE_WAITING_MS)]);
      await heartbeat();
    }
  }

  get(id: string): SubscriptionRecord | undefined {
    return this.state.get(id);
  }

  isOrdered(id: string): boolean {
    return this.state.isOrdered(id);
  }

  match(event: MatchableEvent): readonly SubscriptionRef[] {
    return this.state.match(event);
  }

  disableLocally(id: string, reason: string): void {
    this.state.disableLocally(id, reason);
    this.log.warn({ subscriptionId: id, reason }, 'subscription disabled locally');
  }

  async stop(): Promise<void> {
    await this.managed?.stop();
  }

  private async applyBatch({ batch, heartbeat }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      const key = message.key?.toString('utf8') ?? null;
      const result = this.state.apply(key, message.value);
      if (result.change === 'invalid') {
        this.log.warn(
          { partition: batch.partition, offset: message.offset, key, reason: result.reason },
          'invalid subscription record skipped',
        );
      } else if (result.change !== 'unchanged') {
        this.log.debug({ subscriptionId: key, change: result.change }, 'subscription view updated');
      }
    }
    this.metrics.viewSize.set(this.state.size);
    this.catchUp?.reached(batch.partition, (BigInt(batch.lastOffset()) + 1n).toString());
    this.checkCaughtUp();
    await heartbeat();
  }

  private checkCaughtUp(): void {
    if (this.isCaughtUp || !this.catchUp?.done) return;
    this.isCaughtUp = true;
    this.markCaughtUp();
    this.log.info({ subscriptions: this.state.size }, 'subscription view caught up');
  }
}
