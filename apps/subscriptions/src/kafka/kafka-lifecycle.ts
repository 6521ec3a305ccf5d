import { KafkaBootError, KafkaSender, prepareKafkaTopics } from '@app/common';
import { provisionedTopics } from '@app/events';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config';
import { APP_LOGGER } from '../logging';
import { SUBSCRIPTIONS_APP_TOPICS } from './subscriptions-topics';

/** How long boot waits for Kafka's first answer before the app serves without it. */
const FIRST_ANSWER_WAIT_MS = 15_000;
const RETRY_INITIAL_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * At boot the app's topics are created where missing and the producer connects, before any
 * feature starts (Nest runs every onModuleInit before the first onApplicationBootstrap). Kafka's
 * answer decides: a bad setting (refused credentials, a certificate that does not verify, a
 * subscriptions topic that is not compacted) stops the app with a message naming it. When no
 * broker answers, the app serves anyway (the REST API needs only PostgreSQL; changes wait in the
 * outbox) and keeps trying in the background. The producer closes after the features that publish
 * have stopped (they stop in beforeApplicationShutdown).
 */
@Injectable()
export class KafkaLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly log: Logger;
  private stopping = false;
  private wakeRetry?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) logger: Logger,
    private readonly kafka: Kafka,
    private readonly producer: KafkaSender,
  ) {
    this.log = logger.child({ component: 'kafka' });
  }

  async onModuleInit(): Promise<void> {
    const provisioned = this.provisionWhenReachable();
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waiting'>(
      (resolve) => (timer = setTimeout(() => resolve('waiting'), FIRST_ANSWER_WAIT_MS)),
    );
    try {
      if ((await Promise.race([provisioned, waited])) !== 'waiting') return;
    } finally {
      clearTimeout(timer);
    }
    this.log.warn('Kafka does not answer yet; serving without it (changes wait in the outbox) and retrying');
    provisioned.catch((error: Error) => {
      // Kafka answered at last, and refused: the same bad setting that stops the app at boot.
      this.log.fatal({ err: error }, error.message);
      process.exit(1);
    });
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
    this.wakeRetry?.();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }

  /** Resolves once provisioned (or the app is stopping); rejects when Kafka refuses the app's settings. */
  private async provisionWhenReachable(): Promise<'done'> {
    for (let failures = 0; !this.stopping; failures += 1) {
      try {
        await prepareKafkaTopics(
          this.kafka,
          provisionedTopics(this.config.KAFKA_TOPIC_PREFIX, SUBSCRIPTIONS_APP_TOPICS),
          this.config,
          this.log,
        );
        await this.producer.connect();
        if (failures > 0) this.log.info('Kafka answers; topics provisioned');
        return 'done';
      } catch (error) {
        if (this.stopping) break;
        if (!(error instanceof KafkaBootError) || !error.unreachable) throw error;
        const waitMs = Math.min(RETRY_INITIAL_MS * 2 ** Math.min(failures, 10), RETRY_MAX_MS);
        this.log.warn({ retryInMs: waitMs }, error.message);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
    return 'done';
  }
}
