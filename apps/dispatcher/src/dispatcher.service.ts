import { KafkaSender, prepareKafkaTopics } from '@app/common';
import { HttpSender } from '@app/delivery';
import { allTopics, provisionedTopics } from '@app/events';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig } from './config';
import { DeliveryConsumer } from './delivery/delivery-consumer';
import { InboundConsumer } from './inbound/inbound-consumer';
import { RetryConsumer } from './retry/retry-consumer';
import { SubscriptionView } from './subscription-view/subscription-view';
import { CONFIG, HTTP_SENDER, KAFKA, LOGGER, PRODUCER } from './tokens';

/**
 * Starts the pipeline and stops it gracefully. First the topics it reads and writes are created
 * where missing (a bad Kafka setting stops the app here, with a message naming it). All consumers join their groups at once (joining
 * takes seconds); those that match or deliver wait for the subscription view to catch up before
 * their first records, so no event is matched against a partial view. On SIGTERM: stop fetching, let deliveries in progress finish (up to SHUTDOWN_TIMEOUT) and
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
    private readonly inbound: InboundConsumer,
    private readonly deliveries: DeliveryConsumer,
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
    await Promise.all([this.view.start(), this.inbound.start(), this.deliveries.start(), this.retry.start()]);
    this.log.info('dispatcher started');
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.log.info({ signal }, 'shutting down');
    await Promise.all([
      this.inbound.stop(this.config.SHUTDOWN_TIMEOUT),
      this.retry.stop(),
      this.deliveries.stop(this.config.SHUTDOWN_TIMEOUT),
    ]).catch((error: unknown) => this.log.error({ err: error }, 'stopping consumers failed'));
    await Promise.all([this.view.stop(), this.producer.disconnect(), this.sender.close()]).catch(
      (error: unknown) => this.log.error({ err: error }, 'closing clients failed'),
    );
    this.log.info('stopped');
  }
}
