import { INBOUND_TOPICS } from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { AppProcess } from '../../test/support/app-process';
import { Stack } from '../../test/support/stack';
import { BenchBroker, startBenchBroker } from '../support/bench-broker';
import { waitForViewSize } from '../support/dispatcher-metrics';
import { EventProducer } from '../support/event-producer';
import { LoadReceiver } from '../support/load-receiver';
import {
  CONNECTIONS_PER_ORIGIN,
  dispatcherExtraEnv,
  MAX_IN_FLIGHT,
  pipelineTopics,
} from '../support/settings';

/** The repository whose subscriptions the fan-out benchmark creates (bench/r<i> are the throughput ones). */
export const FAN_OUT_REPOSITORY = 'bench/fanout';
/** The repositories of the busy-subscription benchmark's subscriptions, one not ordered and one ordered. */
export const BUSY_REPOSITORY = 'bench/busy';
export const BUSY_ORDERED_REPOSITORY = 'bench/busyordered';
/** The repository of the slow-endpoint benchmark's one subscription, whose endpoint answers after SLOW_ANSWER_MS. */
export const SLOW_REPOSITORY = 'bench/slow';
export const SLOW_ANSWER_MS = 10_000;
const CREATE_CONCURRENCY = 8;

export interface PipelineSessionOptions {
  postgresServerUrl: string;
  /** Repositories to give one subscription each (end to end, latency, scale). */
  repositories: readonly string[];
  /** Subscriptions to create on FAN_OUT_REPOSITORY. */
  fanOutSubscriptions: number;
  /** Whether to create the subscriptions on BUSY_REPOSITORY and BUSY_ORDERED_REPOSITORY. */
  busySubscription: boolean;
  /** Whether to create the subscription on SLOW_REPOSITORY, with the slow receiver as its target. */
  slowSubscription: boolean;
}

/**
 * Both apps as real processes on a fresh broker (inbound, deliveries and attempts topics with 8
 * partitions), the subscriptions created through the REST API and published through the outbox
 * to the dispatcher's view, the load receiver as every webhook's target but one (the slow
 * receiver's), and a producer of inbound events. The benchmarks of the pipeline run on it one
 * after the other, each waiting for everything it produced to arrive.
 *
 * Once the dispatcher's view holds every subscription, the subscriptions app is stopped: from then
 * on it would only ingest the attempt records into PostgreSQL, which is not on the delivery path
 * and, on a machine of two cores, would take CPU the baseline does not have to share.
 */
export class PipelineSession {
  private constructor(
    readonly broker: BenchBroker,
    readonly stack: Stack,
    readonly receiver: LoadReceiver,
    readonly slowReceiver: LoadReceiver,
    readonly producer: EventProducer,
  ) {}

  static async start(options: PipelineSessionOptions): Promise<PipelineSession> {
    const prefix = 'pipeline.';
    const broker = await startBenchBroker(pipelineTopics(prefix));
    const receiver = await LoadReceiver.start();
    const slowReceiver = await LoadReceiver.start({ answerAfterMs: SLOW_ANSWER_MS });
    let stack: Stack | undefined;
    try {
      stack = await Stack.start({
        kafkaBrokers: broker.bootstrapServers,
        postgresServerUrl: options.postgresServerUrl,
        topicPrefix: prefix,
        dispatcherEnv: {
          DISPATCHER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
          DELIVERY_MAX_CONNECTIONS_PER_ORIGIN: String(CONNECTIONS_PER_ORIGIN),
          ...dispatcherExtraEnv(),
        },
      });
      const webhooks: Webhook[] = [
        ...options.repositories.map((repository, i) => ({ name: `hook${i}`, repository })),
        ...Array.from({ length: options.fanOutSubscriptions }, (_, i) => ({
          name: `fan${i}x`,
          repository: FAN_OUT_REPOSITORY,
        })),
        ...(options.busySubscription
          ? [
              { name: 'busyhook', repository: BUSY_REPOSITORY },
              { name: 'busyordered', repository: BUSY_ORDERED_REPOSITORY, ordered: true },
            ]
          : []),
        ...(options.slowSubscription ? [{ name: 'slowhook', repository: SLOW_REPOSITORY, slow: true }] : []),
      ];
      const started = performance.now();
      await createWebhooks(stack, webhooks, receiver.url, slowReceiver.url);
      await waitForViewSize(stack.dispatchers[0], webhooks.length);
      console.log(
        `  ${webhooks.length} subscriptions created and in the dispatcher's view in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await stack.subscriptions.stop();
      const producer = await EventProducer.connect(
        broker.kafka,
        stack.topic(INBOUND_TOPICS.artifact),
        options.repositories,
      );
      return new PipelineSession(broker, stack, receiver, slowReceiver, producer);
    } catch (error) {
      if (stack) console.error(stack.logs());
      await stack?.stop();
      await receiver.close();
      await slowReceiver.close();
      await broker.stop();
      throw error;
    }
  }

  /** The dispatchers running. */
  get dispatchers(): AppProcess[] {
    return this.stack.dispatchers.filter((dispatcher) => dispatcher.running);
  }

  /** The dispatchers' inbound consumer group (the default DISPATCHER_GROUP_ID, prefixed). */
  get inboundGroupId(): string {
    return `${this.stack.prefix}registry-webhooks-dispatcher`;
  }

  /** The processes whose CPU use a figure reports. */
  get pids(): Record<string, number> {
    const pids: Record<string, number> = { broker: this.broker.pid, bench: process.pid };
    for (const dispatcher of this.dispatchers) pids[dispatcher.name] = dispatcher.child.pid!;
    return pids;
  }

  /** Starts one more dispatcher replica and waits until it is ready and the group has settled. */
  async addDispatcher(): Promise<void> {
    await this.stack.startDispatcher();
    // Readiness means joined; give the other members' rebalance a moment to finish too.
    await delay(2_000);
  }

  /** Stops the newest dispatcher (SIGTERM) and gives the group a moment to settle. */
  async removeDispatcher(): Promise<void> {
    await this.dispatchers[this.dispatchers.length - 1].stop();
    await delay(2_000);
  }

  /** SIGSTOP (`pause`) or SIGCONT every dispatcher: while stopped they read nothing and keep their partitions. */
  signalDispatchers(signal: 'SIGSTOP' | 'SIGCONT'): void {
    for (const dispatcher of this.dispatchers) dispatcher.child.kill(signal);
  }

  logs(): string {
    return this.stack.logs();
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    this.slowReceiver.answerAtOnce();
    await this.stack.stop();
    await this.receiver.close();
    await this.slowReceiver.close();
    await this.broker.stop();
  }
}

interface Webhook {
  name: string;
  repository: string;
  ordered?: boolean;
  /** Its target is the slow receiver. */
  slow?: boolean;
}

async function createWebhooks(
  stack: Stack,
  webhooks: Webhook[],
  url: string,
  slowUrl: string,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < webhooks.length) {
      const { name, repository, ordered = false, slow = false } = webhooks[next++];
      await stack.createWebhook({
        name,
        scope: { type: 'repository', repository },
        events: ['TAG_PUSH'],
        target: { type: 'http', url: slow ? slowUrl : url },
        format: 'default',
        ordered,
      });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
}
