import { INBOUND_TOPICS } from '@app/events';
import { DevKafka } from '@tools/dev-kafka';
import { setTimeout as delay } from 'node:timers/promises';
import { AppProcess } from '../../test/support/app-process';
import { Stack } from '../../test/support/stack';
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
/** The repository of the busy-subscription benchmark's one subscription. */
export const BUSY_REPOSITORY = 'bench/busy';
const CREATE_CONCURRENCY = 8;

export interface PipelineSessionOptions {
  postgresServerUrl: string;
  /** Repositories to give one subscription each (end to end, latency, scale). */
  repositories: readonly string[];
  /** Subscriptions to create on FAN_OUT_REPOSITORY. */
  fanOutSubscriptions: number;
  /** Whether to create the subscription on BUSY_REPOSITORY. */
  busySubscription: boolean;
}

/**
 * Both apps as real processes on a fresh dev broker (inbound and delivery topics with 8
 * partitions), the subscriptions created through the REST API and published through the outbox
 * to the dispatcher's view, the load receiver as every webhook's target, and a producer of
 * inbound events. The end-to-end, latency, fan-out and scale benchmarks run on it one after the
 * other, each waiting for everything it produced to arrive.
 *
 * Once the dispatcher's view holds every subscription, the subscriptions app is stopped: from then
 * on it would only ingest the attempt records into PostgreSQL, which is not on the delivery path
 * and, on a machine of two cores, would take CPU the baseline does not have to share.
 */
export class PipelineSession {
  private constructor(
    readonly broker: DevKafka,
    readonly stack: Stack,
    readonly receiver: LoadReceiver,
    readonly producer: EventProducer,
  ) {}

  static async start(options: PipelineSessionOptions): Promise<PipelineSession> {
    const prefix = 'pipeline.';
    const broker = await DevKafka.start({ topics: pipelineTopics(prefix) });
    const receiver = await LoadReceiver.start();
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
      const webhooks = [
        ...options.repositories.map((repository, i) => ({ name: `hook${i}`, repository })),
        ...Array.from({ length: options.fanOutSubscriptions }, (_, i) => ({
          name: `fan${i}x`,
          repository: FAN_OUT_REPOSITORY,
        })),
        ...(options.busySubscription ? [{ name: 'busyhook', repository: BUSY_REPOSITORY }] : []),
      ];
      const started = performance.now();
      await createWebhooks(stack, webhooks, receiver.url);
      await waitForViewSize(stack.dispatchers[0], webhooks.length);
      console.log(
        `  ${webhooks.length} subscriptions created and in the dispatcher's view in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      await stack.subscriptions.stop();
      const producer = await EventProducer.connect(
        stack.kafka,
        stack.topic(INBOUND_TOPICS.artifact),
        options.repositories,
      );
      return new PipelineSession(broker, stack, receiver, producer);
    } catch (error) {
      if (stack) console.error(stack.logs());
      await stack?.stop();
      await receiver.close();
      await broker.stop();
      throw error;
    }
  }

  get dispatchers(): AppProcess[] {
    return this.stack.dispatchers;
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

  logs(): string {
    return this.stack.logs();
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.stack.stop();
    await this.receiver.close();
    await this.broker.stop();
  }
}

async function createWebhooks(
  stack: Stack,
  webhooks: { name: string; repository: string }[],
  url: string,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < webhooks.length) {
      const { name, repository } = webhooks[next++];
      await stack.createWebhook({
        name,
        scope: { type: 'repository', repository },
        events: ['TAG_PUSH'],
        target: { type: 'http', url },
        format: 'default',
      });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
}
