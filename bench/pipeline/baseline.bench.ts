import { parseDuration } from '@app/common';
import { INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { freePort } from '@tools/support';
import { join } from 'node:path';
import { AppProcess } from '../../test/support/app-process';
import { benchRepositories } from '../support/bench-events';
import { BenchBroker, startBenchBroker } from '../support/bench-broker';
import { ConsumptionFigure, ConsumptionMeter } from '../support/consumption';
import { EventProducer } from '../support/event-producer';
import { LoadReceiver } from '../support/load-receiver';
import {
  BenchSizes,
  CONNECTIONS_PER_ORIGIN,
  FETCH_MAX_WAIT_MS,
  MAX_IN_FLIGHT,
  PIPELINE_PARTITIONS,
  pipelineTopics,
  profilingEnv,
  THROUGHPUT_BACKLOG,
} from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';

const BASELINE_ENTRY = join(__dirname, '..', 'baseline', 'baseline-pipeline.js');

export type BaselineMode = 'raw' | 'log' | 'consume';

/** A baseline process over `broker`'s inbound topic, started (`waitUntilReady` tells when it joined its group). */
async function spawnBaseline(
  mode: BaselineMode,
  broker: BenchBroker,
  prefix: string,
  receiver: LoadReceiver | undefined,
): Promise<AppProcess> {
  const port = await freePort();
  return new AppProcess(
    `baseline-${mode}`,
    BASELINE_ENTRY,
    {
      BASELINE_MODE: mode,
      KAFKA_BROKERS: broker.bootstrapServers.join(','),
      BASELINE_TOPIC: `${prefix}${INBOUND_TOPICS.artifact}`,
      BASELINE_ATTEMPTS_TOPIC: `${prefix}${INTERNAL_TOPICS.attempts}`,
      BASELINE_PARTITIONS: String(PIPELINE_PARTITIONS),
      BASELINE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      BASELINE_CONNECTIONS_PER_ORIGIN: String(CONNECTIONS_PER_ORIGIN),
      BASELINE_HTTP_PORT: String(port),
      BASELINE_FETCH_MAX_WAIT_MS: process.env.DISPATCHER_FETCH_MAX_WAIT
        ? String(parseDuration(process.env.DISPATCHER_FETCH_MAX_WAIT))
        : String(FETCH_MAX_WAIT_MS),
      ...(receiver ? { BASELINE_TARGET_URL: receiver.url } : {}),
      ...profilingEnv(),
    },
    `http://127.0.0.1:${port}`,
  );
}

/**
 * Benchmark 1, `raw` and `log`: what a plain consumer POSTing every event delivers per second (see
 * baseline-pipeline.ts), on a fresh broker, with the same producer, topic layout, backlog and
 * receiver as the end-to-end run.
 */
export async function runDeliveringBaseline(
  sizes: BenchSizes,
  mode: Exclude<BaselineMode, 'consume'>,
): Promise<ThroughputFigure> {
  const prefix = `baseline-${mode}.`;
  const broker = await startBenchBroker(pipelineTopics(prefix));
  const receiver = await LoadReceiver.start();
  let baseline: AppProcess | undefined;
  let producer: EventProducer | undefined;
  try {
    producer = await EventProducer.connect(
      broker.kafka,
      `${prefix}${INBOUND_TOPICS.artifact}`,
      benchRepositories(sizes.repositories),
    );
    baseline = await spawnBaseline(mode, broker, prefix, receiver);
    await baseline.waitUntilReady();
    return await measureThroughput({
      producer,
      receiver,
      events: sizes.throughputEvents,
      warmUpEvents: sizes.warmUpEvents,
      maxBacklog: THROUGHPUT_BACKLOG,
      pids: { baseline: baseline.child.pid!, broker: broker.pid, bench: process.pid },
      timeoutMs: 300_000,
    });
  } catch (error) {
    if (baseline) console.error(`--- baseline output\n${baseline.tail()}`);
    throw error;
  } finally {
    await producer?.disconnect();
    await baseline?.stop();
    await receiver.close();
    await broker.stop();
  }
}

/**
 * Benchmark 1, `consume`: how fast a plain consumer reads and commits `noMatchEvents` pulls waiting
 * on the inbound topic, the same backlog the no-match run gives the dispatcher.
 */
export async function runConsumeBaseline(sizes: BenchSizes): Promise<ConsumptionFigure> {
  const prefix = 'baseline-consume.';
  const broker = await startBenchBroker(pipelineTopics(prefix));
  let baseline: AppProcess | undefined;
  const producer = await EventProducer.connect(
    broker.kafka,
    `${prefix}${INBOUND_TOPICS.artifact}`,
    benchRepositories(sizes.repositories),
  );
  try {
    await producer.produceBacklog(sizes.noMatchEvents, 'TAG_PULL');
    const consumption = await ConsumptionMeter.start({
      kafka: broker.kafka,
      groupId: `${prefix}${INBOUND_TOPICS.artifact}-baseline`,
      topic: `${prefix}${INBOUND_TOPICS.artifact}`,
      events: sizes.noMatchEvents,
      pids: () => ({ baseline: baseline!.child.pid!, broker: broker.pid, bench: process.pid }),
    });
    baseline = await spawnBaseline('consume', broker, prefix, undefined);
    await baseline.waitUntilReady();
    return await consumption.until(300_000);
  } catch (error) {
    if (baseline) console.error(`--- baseline output\n${baseline.tail()}`);
    throw error;
  } finally {
    await producer.disconnect();
    await baseline?.stop();
    await broker.stop();
  }
}
