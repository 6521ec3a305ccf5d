import {
  INBOUND_TOPICS,
  INTERNAL_TOPICS,
  JSON_RECORD_HEADERS,
  SubscriptionRecord,
  formatIssues,
  validateSubscriptionRecord,
} from '@app/events';
import { freePort } from '@tools/support';
import { Kafka, Partitioners } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ulid } from 'ulid';
import { APP_ENTRY, AppProcess } from '../../test/support/app-process';
import { benchRepositories } from '../support/bench-events';
import { startBenchBroker } from '../support/bench-broker';
import { dispatcherGauge, waitForViewSize } from '../support/dispatcher-metrics';
import { EventProducer } from '../support/event-producer';
import { LoadReceiver } from '../support/load-receiver';
import { rssBytes } from '../support/process-stats';
import {
  BenchSizes,
  CONNECTIONS_PER_ORIGIN,
  dispatcherExtraEnv,
  MAX_IN_FLIGHT,
  pipelineTopics,
} from '../support/settings';

/** Partitions of the subscriptions topic here: the view reads them in parallel at catch-up. */
const SUBSCRIPTION_PARTITIONS = 32;
/** Subscription records per produce request. */
const RECORDS_PER_REQUEST = 2_000;
const SAMPLE_EVERY_MS = 500;
/** Flat: the last quarter's mean RSS within this fraction of the first quarter's. */
const FLAT_TOLERANCE = 0.1;

export interface MemoryOptions {
  subscriptions: number;
  /** The RSS target. */
  limitMb: number;
  backlogSeconds: number;
  /** The dispatcher's old generation, when the default cap (node-options.ts) is too small for the view. */
  oldSpaceMb?: number;
}

export interface MemoryFigure {
  subscriptions: number;
  /** `--max-old-space-size` given beyond the dispatcher's default, if any. */
  oldSpaceMb?: number;
  subscriptionTopicPartitions: number;
  /** Subscription records on the topic when the dispatcher started (copies of retried produces included). */
  subscriptionRecordsKept: number;
  /** Dispatcher start to ready (its view caught up with every subscription). */
  viewCatchUpSeconds: number;
  rssAtReadyMb: number;
  /** V8 heap in use (the dispatcher's `nodejs_heap_size_used_bytes`) at ready and at the end of the backlog phase. */
  heapUsedMb: { atReady: number; atEnd: number };
  backlogSeconds: number;
  maxBacklogEvents: number;
  deliveredPerSecond: number;
  rssMb: { min: number; max: number; firstQuarterMean: number; lastQuarterMean: number };
  /** Highest `webhook_buffered_deliveries` seen: what the dispatcher held in memory while the rest waited in Kafka. */
  maxBufferedDeliveries: number;
  limitMb: number;
  underLimit: boolean;
  flat: boolean;
  /** RSS every SAMPLE_EVERY_MS from the dispatcher's start: [seconds, MB]. */
  samples: [number, number][];
}

function subscriptionRecord(
  repository: string,
  index: number,
  url: string,
  updatedAt: string,
): SubscriptionRecord {
  return {
    id: ulid(),
    revision: 1,
    name: `hook${index}`,
    scope: { type: 'repository', repository },
    events: ['TAG_PUSH'],
    target: { type: 'http', url, headers: {}, verifyTls: true },
    format: 'default',
    enabled: true,
    secrets: [{ secret: `whsec_${randomBytes(32).toString('base64')}` }],
    ordered: false,
    updatedAt,
  };
}

/** Publishes one subscription per repository straight to the subscriptions topic, as the outbox relay would. */
async function publishSubscriptions(
  kafka: Kafka,
  topic: string,
  repositories: readonly string[],
  url: string,
): Promise<number> {
  const updatedAt = new Date().toISOString();
  const check = validateSubscriptionRecord(subscriptionRecord(repositories[0], 0, url, updatedAt));
  if (!check.ok) throw new Error(`the bench's subscription record is invalid: ${formatIssues(check.errors)}`);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let start = 0; start < repositories.length; start += RECORDS_PER_REQUEST) {
      const messages = repositories.slice(start, start + RECORDS_PER_REQUEST).map((repository, i) => {
        const record = subscriptionRecord(repository, start + i, url, updatedAt);
        return { key: record.id, value: JSON.stringify(record), headers: JSON_RECORD_HEADERS };
      });
      await producer.send({ topic, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((kept, { high, low }) => kept + Number(high) - Number(low), 0);
  } finally {
    await admin.disconnect();
  }
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / Math.max(values.length, 1);

/**
 * Benchmark 6: the dispatcher's RSS with `subscriptions` subscriptions in its view, first idle,
 * then under a sustained backlog (the producer keeps `memoryBacklogEvents` events waiting for the
 * whole phase). Backpressure works when the RSS stays flat: the backlog waits in Kafka, not in
 * the dispatcher.
 */
export async function runMemoryBench(sizes: BenchSizes, options: MemoryOptions): Promise<MemoryFigure> {
  const prefix = 'memory.';
  const subscriptionsTopic = `${prefix}${INTERNAL_TOPICS.subscriptions}`;
  const broker = await startBenchBroker([
    ...pipelineTopics(prefix),
    { name: subscriptionsTopic, partitions: SUBSCRIPTION_PARTITIONS },
  ]);
  const receiver = await LoadReceiver.start();
  const { kafka } = broker;
  const repositories = benchRepositories(options.subscriptions);
  let dispatcher: AppProcess | undefined;
  let producer: EventProducer | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const kept = await publishSubscriptions(kafka, subscriptionsTopic, repositories, receiver.url);
    console.log(`  ${repositories.length} subscription records published, ${kept} kept by the broker`);

    const port = await freePort();
    const startedAt = performance.now();
    dispatcher = new AppProcess(
      'dispatcher',
      APP_ENTRY.dispatcher,
      {
        KAFKA_BROKERS: broker.bootstrapServers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        DELIVERY_ALLOW_PRIVATE_NETWORKS: 'true',
        DISPATCHER_HTTP_PORT: String(port),
        DISPATCHER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
        DELIVERY_MAX_CONNECTIONS_PER_ORIGIN: String(CONNECTIONS_PER_ORIGIN),
        ...dispatcherExtraEnv(
          options.oldSpaceMb === undefined ? [] : [`--max-old-space-size=${options.oldSpaceMb}`],
        ),
      },
      `http://127.0.0.1:${port}`,
    );
    const pid = dispatcher.child.pid!;
    const samples: [number, number][] = [];
    sampler = setInterval(() => {
      const rss = rssBytes(pid);
      if (rss !== undefined) samples.push([Math.round(performance.now() - startedAt) / 1000, mb(rss)]);
    }, SAMPLE_EVERY_MS);
    await dispatcher.waitUntilReady(300_000);
    // A produce retried after a slow answer leaves a second copy of some records: the view keeps one per id.
    await waitForViewSize(dispatcher, repositories.length, 600_000);
    const viewCatchUpSeconds = Math.round(performance.now() - startedAt) / 1000;
    const rssAtReadyMb = mb(rssBytes(pid) ?? 0);
    const heapAtReadyMb = mb(await dispatcherGauge(dispatcher, 'nodejs_heap_size_used_bytes'));
    console.log(
      `  dispatcher ready with ${repositories.length} subscriptions after ${viewCatchUpSeconds} s, RSS ${rssAtReadyMb} MB`,
    );

    producer = await EventProducer.connect(kafka, `${prefix}${INBOUND_TOPICS.artifact}`, repositories);
    receiver.reset();
    const backlogFrom = samples.length;
    const stopProducing = new AbortController();
    const producing = producer.produceKeepingBacklog(
      Number.MAX_SAFE_INTEGER,
      sizes.memoryBacklogEvents,
      () => receiver.distinct,
      { signal: stopProducing.signal },
    );
    let maxBufferedDeliveries = 0;
    const backlogStarted = performance.now();
    while (performance.now() - backlogStarted < options.backlogSeconds * 1000) {
      maxBufferedDeliveries = Math.max(
        maxBufferedDeliveries,
        await dispatcherGauge(dispatcher, 'webhook_buffered_deliveries'),
      );
      await delay(1_000);
    }
    stopProducing.abort();
    await producing;
    const heapAtEndMb = mb(await dispatcherGauge(dispatcher, 'nodejs_heap_size_used_bytes'));
    const backlogSeconds = (performance.now() - backlogStarted) / 1000;
    const deliveredPerSecond = Math.round(receiver.distinct / backlogSeconds);
    const backlogSamples = samples.slice(backlogFrom).map(([, rss]) => rss);
    clearInterval(sampler);
    sampler = undefined;

    const quarter = Math.max(1, Math.floor(backlogSamples.length / 4));
    const rssMb = {
      min: Math.min(...backlogSamples),
      max: Math.max(...backlogSamples),
      firstQuarterMean: Math.round(mean(backlogSamples.slice(0, quarter)) * 10) / 10,
      lastQuarterMean: Math.round(mean(backlogSamples.slice(-quarter)) * 10) / 10,
    };
    return {
      subscriptions: repositories.length,
      ...(options.oldSpaceMb === undefined ? {} : { oldSpaceMb: options.oldSpaceMb }),
      subscriptionTopicPartitions: SUBSCRIPTION_PARTITIONS,
      subscriptionRecordsKept: kept,
      viewCatchUpSeconds,
      rssAtReadyMb,
      heapUsedMb: { atReady: heapAtReadyMb, atEnd: heapAtEndMb },
      backlogSeconds: Math.round(backlogSeconds),
      maxBacklogEvents: sizes.memoryBacklogEvents,
      deliveredPerSecond,
      rssMb,
      maxBufferedDeliveries,
      limitMb: options.limitMb,
      underLimit: Math.max(rssMb.max, rssAtReadyMb) < options.limitMb,
      flat: rssMb.lastQuarterMean <= rssMb.firstQuarterMean * (1 + FLAT_TOLERANCE),
      samples,
    };
  } catch (error) {
    if (dispatcher) console.error(`--- dispatcher output\n${dispatcher.tail()}`);
    throw error;
  } finally {
    clearInterval(sampler);
    await producer?.disconnect();
    await dispatcher?.stop();
    await receiver.close();
    await broker.stop();
  }
}
