import { HttpSender } from '@app/delivery';
import { createKafka, KafkaSender, OutgoingRecord } from '@app/common';
import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { DispatcherConfig } from './config';
import { DeliveryEngine } from './delivery/delivery-engine';
import { DeliveryProcessor } from './delivery/delivery-processor';
import { OutgoingRecords } from './delivery/outgoing-records';
import { prepareRequest } from './delivery/outbound-request';
import { Dispatcher } from './dispatcher.service';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { InboundConsumer } from './inbound/inbound-consumer';
import { CachingDefaultPartitioner } from './kafka/caching-partitioner';
import { KafkaPublisher } from './kafka/publisher';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';
import { RetryConsumer } from './retry/retry-consumer';
import { SpillConsumer } from './spill/spill-consumer';
import { SubscriptionView } from './subscription-view/subscription-view';
import { CONFIG, HTTP_SENDER, KAFKA, LOGGER, PRODUCER, PUBLISHER } from './tokens';

/** The dispatcher: Nest provides wiring, lifecycle and HTTP (/healthz, /readyz, /metrics); kafkajs does the work. */
@Module({})
export class AppModule {
  static forRoot(config: DispatcherConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: KAFKA,
          useFactory: () =>
            createKafka({ settings: config, clientId: 'registry-webhooks-dispatcher', logger }),
        },
        {
          provide: PRODUCER,
          inject: [KAFKA],
          // The Java-compatible partitioner, as the subscriptions app uses: a key maps to one partition.
          useFactory: (kafka: Kafka) =>
            new KafkaSender(kafka, {
              idempotent: config.KAFKA_IDEMPOTENT,
              logger,
              createPartitioner: CachingDefaultPartitioner,
            }),
        },
        {
          provide: PUBLISHER,
          inject: [PRODUCER],
          useFactory: (sender: KafkaSender) => new KafkaPublisher(sender),
        },
        { provide: HTTP_SENDER, useFactory: () => HttpSender.fromSettings(config) },
        {
          provide: DeliveryEngine,
          inject: [SubscriptionView, HTTP_SENDER, PUBLISHER, Metrics],
          useFactory: (
            view: SubscriptionView,
            sender: HttpSender,
            publisher: KafkaPublisher,
            metrics: Metrics,
          ) => {
            const log = logger.child({ component: 'delivery' });
            const records = new OutgoingRecords(config.KAFKA_TOPIC_PREFIX);
            // Attempt records linger for company; deliveries handed on go at the end of the turn.
            const publish = (records: readonly OutgoingRecord[]): Promise<void> => publisher.publish(records);
            const handOn = (records: readonly OutgoingRecord[]): Promise<void> =>
              publisher.publish(records, { linger: false });
            return new DeliveryEngine({
              processor: new DeliveryProcessor({
                subscriptions: view,
                sender,
                prepare: prepareRequest,
                publish,
                records,
                metrics,
                log,
                defaultScheduleMs: config.DELIVERY_RETRY_SCHEDULE,
                autoDisableAfterMs: config.AUTO_DISABLE_AFTER,
                maxInFlight: config.DISPATCHER_MAX_IN_FLIGHT,
              }),
              subscriptions: view,
              publish: handOn,
              records,
              metrics,
              log,
              maxBuffered: config.DISPATCHER_MAX_BUFFERED,
              stallAfterMs: config.DISPATCHER_STALL_AFTER,
            });
          },
        },
        Metrics,
        SubscriptionView,
        InboundConsumer,
        SpillConsumer,
        RetryConsumer,
        Readiness,
        Dispatcher,
      ],
    };
  }
}
