import { createKafka, KafkaSender } from '@app/common';
import { Global, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config';
import { KafkaLifecycle } from './kafka-lifecycle';
import { APP_LOGGER } from '../logging';

/**
 * The app's Kafka: one client built by libs/common's factory and logging through the app's logger,
 * one sender (its producer), and the consumers each feature creates from the client (BackgroundConsumer). At
 * boot KafkaLifecycle provisions the topics and connects the producer, before any feature starts.
 */
@Global()
@Module({
  providers: [
    {
      provide: Kafka,
      inject: [APP_CONFIG, APP_LOGGER],
      useFactory: (config: AppConfig, logger: Logger): Kafka =>
        createKafka({ settings: config, clientId: 'registry-webhooks-subscriptions', logger }),
    },
    {
      provide: KafkaSender,
      inject: [Kafka, APP_CONFIG, APP_LOGGER],
      useFactory: (kafka: Kafka, config: AppConfig, logger: Logger) =>
        new KafkaSender(kafka, { idempotent: config.KAFKA_IDEMPOTENT, logger }),
    },
    KafkaLifecycle,
  ],
  exports: [Kafka, KafkaSender],
})
export class KafkaModule {}
