import { parseDuration } from '@app/common';
import { INBOUND_TOPICS } from '@app/events';
import { DevKafka } from '@tools/dev-kafka';
import { join } from 'node:path';
import { AppProcess } from '../../test/support/app-process';
import { testKafka } from '../../test/support/kafka';
import { freePort } from '@tools/support';
import { benchRepositories } from '../support/bench-events';
import { EventProducer } from '../support/event-producer';
import { LoadReceiver } from '../support/load-receiver';
import {
  BenchSizes,
  CONNECTIONS_PER_ORIGIN,
  MAX_IN_FLIGHT,
  PIPELINE_PARTITIONS,
  FETCH_MAX_WAIT_MS,
  pipelineTopics,
  THROUGHPUT_BACKLOG,
} from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';

const BASELINE_ENTRY = join(__dirname, '..', 'baseline', 'baseline-pipeline.js');

/** Benchmark 1: the raw Kafka → HTTP limit, on a fresh broker, with the same producer, topic layout and receiver as the end-to-end run. */
export async function runBaselineBench(sizes: BenchSizes): Promise<ThroughputFigure> {
  const prefix = 'baseline.';
  const topic = `${prefix}${INBOUND_TOPICS.artifact}`;
  const broker = await DevKafka.start({ topics: pipelineTopics(prefix) });
  const receiver = await LoadReceiver.start();
  let baseline: AppProcess | undefined;
  let producer: EventProducer | undefined;
  try {
    const port = await freePort();
    baseline = new AppProcess(
      'baseline',
      BASELINE_ENTRY,
      {
        KAFKA_BROKERS: broker.bootstrapServers.join(','),
        BASELINE_TOPIC: topic,
        BASELINE_PARTITIONS: String(PIPELINE_PARTITIONS),
        BASELINE_TARGET_URL: receiver.url,
        BASELINE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
        BASELINE_CONNECTIONS_PER_ORIGIN: String(CONNECTIONS_PER_ORIGIN),
        BASELINE_HTTP_PORT: String(port),
        BASELINE_FETCH_MAX_WAIT_MS: process.env.DISPATCHER_FETCH_MAX_WAIT
          ? String(parseDuration(process.env.DISPATCHER_FETCH_MAX_WAIT))
          : String(FETCH_MAX_WAIT_MS),
      },
      `http://127.0.0.1:${port}`,
    );
    producer = await EventProducer.connect(
      testKafka(broker.bootstrapServers),
      topic,
      benchRepositories(sizes.repositories),
    );
    await baseline.waitUntilReady();
    return await measureThroughput({
      producer,
      receiver,
      events: sizes.throughputEvents,
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
