import { KafkaSender, prepareKafkaTopics } from '@app/common';
import { HttpSender } from '@app/delivery';
import { allTopics, provisionedTopics } from '@app/events';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { DispatcherConfig } from './config';
import { DeliveryEngine } from './delivery/delivery-engine';
import { InboundConsumer } from './inbound/inbound-consumer';
import { RetryConsumer } from './retry/retry-consumer';
import { SpillConsumer } from './spill/spill-consumer';
import { SubscriptionView } from './subscription-view/subscription-view';
import { CONFIG, HTTP_SENDER, KAFKA, LOGGER, PRODUCER } from './tokens';

/** Of the shutdown timeout, what is kept for committing after the deliveries in progress. */
const COMMIT_RESERVE_MS = 2_000;

/**
 * Starts the pipeline and stops it gracefully. First the topics it reads and writes are created
 * where missing (a bad Kafka setting stops the app here, with a message naming it). All consumers
 * join their groups at once (joining takes seconds); those that match or deliver wait for the
 * subscription view to catch up before
 * their first records, so no event is matched against a partial view. On SIGTERM: stop taking
 * records, let the deliveries in progress finish (up to SHUTDOWN_TIMEOUT, less a reserve for the
 * commits; the rest is interrupted, left uncommitted and delivered again by the next owner),
 * commit, leave the groups, then close the producer and the HTTP pools. A SIGKILL loses nothing
 * either: uncommitted records are read again by the next owner (at least once).
 */
@Injectable()
export class Dispatcher implements OnApplicationShutdown {
  private readonly log: Logger;

  constructor(
    @Inject(CONFIG) private readonly config: DispatcherConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(PRODUCER) private readonly producer: KafkaSender,
    @Inject(HTTP_SENDER) private readonly sender: HttpSender,
    private readonly view: SubscriptionView,
    private readonly engine: DeliveryEngine,
    private readonly inbound: InboundConsumer,
    private readonly spill: SpillConsumer,
    private readonly retry: RetryConsumer,
  ) {
    this.log = logger.child({ component: 'dispatcher' });
  }

  async start(): Promise<void> {
    await prepareKafkaTopics(
      this.kafka,
      provisionedTopics(this.config.KAFKA_TOPIC_PREFIX, allTopics()),
      this.config,
      this.log,
    );
    await this.producer.connect();
    await Promise.all([this.view.start(), this.inbound.start(), this.spill.start(), this.retry.start()]);
    this.log.info('dispatcher started');
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.log.info({ signal }, 'shutting down');
    const timeoutMs = this.config.SHUTDOWN_TIMEOUT;
    const deadline = Date.now() + timeoutMs;
    this.inbound.stopTaking(deadline);
    this.spill.stopTaking(deadline);
    const drained = await Promise.race([
      this.engine.whenIdle().then(() => true),
      delay(Math.max(0, timeoutMs - COMMIT_RESERVE_MS), false),
    ]);
    if (!drained) {
      this.log.warn(
        { unfinished: this.engine.buffered },
        'shutdown timeout: interrupting deliveries in progress; they will be redelivered',
      );
      this.engine.abort();
      // A produce request in flight is not interrupted; it may take until kafkajs gives up on it.
      await Promise.race([this.engine.whenIdle(), delay(COMMIT_RESERVE_MS / 2)]);
    }
    this.engine.close();
    await Promise.all([this.inbound.leave(), this.spill.leave(), this.retry.stop()]).catch((error: unknown) =>
      this.log.error({ err: error }, 'stopping consumers failed'),
    );
    await Promise.all([this.view.stop(), this.producer.disconnect(), this.sender.close()]).catch(
      (error: unknown) => this.log.error({ err: error }, 'closing clients failed'),
    );
    this.log.info('stopped');
  }
}
