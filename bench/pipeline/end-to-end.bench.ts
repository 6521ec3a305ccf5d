import { BenchSizes, THROUGHPUT_BACKLOG } from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';
import { PipelineSession } from './pipeline-session';

/**
 * Benchmark 2: events/s delivered by the real pipeline (inbound topic → dispatcher: validate,
 * match, format `default`, sign, POST, attempt record), every event matching exactly one
 * subscription. Same events, partitions, backlog, warm-up and receiver as the baselines.
 */
export function runEndToEndBench(session: PipelineSession, sizes: BenchSizes): Promise<ThroughputFigure> {
  return measureThroughput({
    producer: session.producer,
    receiver: session.receiver,
    events: sizes.throughputEvents,
    warmUpEvents: sizes.warmUpEvents,
    maxBacklog: THROUGHPUT_BACKLOG,
    pids: session.pids,
    timeoutMs: 600_000,
  });
}
