import { BenchSizes } from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';
import { BUSY_REPOSITORY, PipelineSession } from './pipeline-session';

/**
 * Events waiting for the busy subscription at most: enough to keep its queue full (its deliveries
 * go one at a time, in order), well under DISPATCHER_MAX_BUFFERED so that nothing is deferred.
 */
const BUSY_BACKLOG = 500;

/**
 * Benchmark 8 (beyond the seven): every event about one repository with one subscription,
 * as an instance-wide hook or a single busy repository gets them. A subscription's deliveries go
 * out one at a time in offset order, so this measures one delivery's turnaround (fetch, format,
 * sign, POST, answer) rather than the dispatcher's capacity.
 */
export function runBusySubscriptionBench(
  session: PipelineSession,
  sizes: BenchSizes,
): Promise<ThroughputFigure> {
  return measureThroughput({
    producer: session.producer,
    receiver: session.receiver,
    events: sizes.busySubscriptionEvents,
    maxBacklog: BUSY_BACKLOG,
    repository: BUSY_REPOSITORY,
    pids: session.pids,
    timeoutMs: 600_000,
  });
}
