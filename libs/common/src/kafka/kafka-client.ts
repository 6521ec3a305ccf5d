import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import { Logger } from 'pino';
import { KafkaSettings } from './kafka-config';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export interface KafkaClientOptions {
  settings: KafkaSettings;
  /** Used when KAFKA_CLIENT_ID is unset. */
  clientId: string;
  logger: Logger;
}

function sasl(settings: KafkaSettings): SASLOptions | undefined {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username = '',
    KAFKA_SASL_PASSWORD: password = '',
  } = settings;
  return mechanism ? ({ mechanism, username, password } as SASLOptions) : undefined;
}

/** How to reach the brokers: bootstrap list, TLS and SASL, from the validated settings. */
export function kafkaConnection(settings: KafkaSettings): Pick<KafkaConfig, 'brokers' | 'ssl' | 'sasl'> {
  const ca = settings.KAFKA_SSL_CA?.pem;
  return {
    brokers: settings.KAFKA_BROKERS,
    ssl: settings.KAFKA_SSL ? (ca ? { ca: [ca] } : true) : undefined,
    sasl: sasl(settings),
  };
}

/** The one way our apps build a kafkajs client: the configured connection, logs through our pino logger. */
export function createKafka({ settings, clientId, logger }: KafkaClientOptions): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.KAFKA_CLIENT_ID ?? clientId,
    ...kafkaConnection(settings),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[LEVELS[level] ?? 'info'](rest, message);
      },
  });
}
