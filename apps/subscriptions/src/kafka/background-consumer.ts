import { Logger } from '@nestjs/common';
import { Consumer, ConsumerConfig, ConsumerRunConfig, Kafka } from 'kafkajs';

export interface BackgroundConsumerOptions {
  config: ConsumerConfig;
  topic: string;
  fromBeginning: boolean;
  run: ConsumerRunConfig;
  logger: Logger;
}

const RETRY_INITIAL_MS = 500;
const RETRY_MAX_MS = 10_000;
/** kafkajs keeps retrying a connect for ~30 s; a consumer that never joined has nothing to hand back. */
const STOP_WAIT_MS = 3_000;

/**
 * A kafkajs consumer started without holding up the app: connecting and joining the group are
 * retried in the background until they succeed or the app stops, and a crash kafkajs gives up on
 * starts a fresh consumer. `live` resolves once the consumer has joined and completed a fetch, i.e.
 * its position on every assigned partition is resolved: with `fromBeginning: false` and a new group,
 * every record produced after that is seen.
 */
export class BackgroundConsumer {
  private consumer?: Consumer;
  private stopping = false;
  private running?: Promise<void>;
  private wakeSleep?: () => void;
  private markLive!: () => void;
  readonly live: Promise<void> = new Promise((resolve) => (this.markLive = resolve));

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BackgroundConsumerOptions,
  ) {}

  start(): void {
    this.running ??= this.startWithRetries();
  }

  /** Leaves the group once the batch in hand is processed; a start still retrying gives up. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleep?.();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)));
    const stopped = (async () => {
      await this.consumer?.disconnect().catch(() => undefined);
      await this.running;
    })();
    await Promise.race([stopped, gaveUp]);
    clearTimeout(timer);
  }

  private async startWithRetries(): Promise<void> {
    const { logger, topic } = this.options;
    for (let failures = 0; !this.stopping; failures += 1) {
      const consumer = this.kafka.consumer(this.options.config);
      // A fetch runs only once the consumer joined and resolved its position on every partition.
      consumer.on(consumer.events.FETCH, () => this.markLive());
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        logger.error({ err: payload.error, restart: payload.restart, topic }, 'consumer crashed');
        if (!payload.restart && !this.stopping) {
          this.running = consumer
            .disconnect()
            .catch(() => undefined)
            .then(() => this.startWithRetries());
        }
      });
      try {
        this.consumer = consumer;
        await consumer.connect();
        await consumer.subscribe({ topic, fromBeginning: this.options.fromBeginning });
        await consumer.run(this.options.run);
        return;
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        const waitMs = Math.min(RETRY_INITIAL_MS * 2 ** Math.min(failures, 10), RETRY_MAX_MS);
        logger.warn({ err: error, topic, retryInMs: waitMs }, 'consumer could not start; retrying');
        await new Promise<void>((resolve) => {
          if (this.stopping) return resolve();
          const timer = setTimeout(resolve, waitMs);
          this.wakeSleep = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }
}
