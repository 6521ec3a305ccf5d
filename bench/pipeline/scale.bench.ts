import { BenchSizes, PIPELINE_PARTITIONS, THROUGHPUT_BACKLOG } from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';
import { PipelineSession } from './pipeline-session';

export interface ScaleFigure {
  partitions: number;
  /** One replica: the end-to-end run (same session, same topics); two: a second replica joined the group. */
  oneReplica: ThroughputFigure;
  twoReplicas: ThroughputFigure;
}

/** Benchmark 7: throughput with 1 and 2 dispatcher replicas in one consumer group, on 8 partitions. */
export async function runScaleBench(
  session: PipelineSession,
  sizes: BenchSizes,
  oneReplica: ThroughputFigure,
): Promise<ScaleFigure> {
  await session.addDispatcher();
  const twoReplicas = await measureThroughput({
    producer: session.producer,
    receiver: session.receiver,
    events: sizes.throughputEvents,
    maxBacklog: THROUGHPUT_BACKLOG,
    pids: session.pids,
    timeoutMs: 600_000,
  });
  return { partitions: PIPELINE_PARTITIONS, oneReplica, twoReplicas };
}
