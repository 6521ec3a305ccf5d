import { BenchSizes } from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';
import { BUSY_ORDERED_REPOSITORY, BUSY_REPOSITORY, PipelineSession } from './pipeline-session';

/**
 * Events waiting for the busy subscription at most: enough to keep its queue full (its deliveries
 * go one at a time, in order), well under DISPATCHER_MAX_BUFFERED.
 */
const BUSY_BACKLOG = 500;

export interface BusySubscriptionFigure extends ThroughputFigure {
  /** The same for an `ordered` subscription. */
  ordered: ThroughputFigure;
}

function busyRun(session: PipelineSession, sizes: BenchSizes, repository: string): Promise<ThroughputFigure> {
  return measureThroughput({
    producer: session.producer,
    receiver: session.receiver,
    events: sizes.busySubscriptionEvents,
    maxBacklog: BUSY_BACKLOG,
    repository,
    pids: session.pids,
    timeoutMs: 600_000,
  });
}

/**
 * Benchmark 8: every event about one repository with one subscription, as an instance-wide hook or
 * a single busy repository gets them, once for a subscription that is not ordered and once for an
 * ordered one. A subscription's deliveries go out one at a time in order, so this measures one
 * delivery's turnaround (format, sign, POST, answer) rather than the dispatcher's capacity.
 */
export async function runBusySubscriptionBench(
  session: PipelineSession,
  sizes: BenchSizes,
): Promise<BusySubscriptionFigure> {
  const unordered = await busyRun(session, sizes, BUSY_REPOSITORY);
  return { ...unordered, ordered: await busyRun(session, sizes, BUSY_ORDERED_REPOSITORY) };
}
