import { createKafka, createLogger } from '@app/common';
import { Provider } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { APP_CONFIG, AppConfig } from '../config';

/** A kafkajs client for a module's consumers and producers, logging through pino. */
export const kafkaProvider: Provider = {
  provide: Kafka,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Kafka =>
    createKafka({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? 'registry-webhooks-subscriptions',
      logger: createLogger('subscriptions', config.LOG_LEVEL),
    }),
};
