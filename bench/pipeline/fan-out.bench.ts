import { setTimeout as delay } from 'node:timers/promises';
import { percentile } from '../support/percentile';
import { BenchSizes } from '../support/settings';
import { FAN_OUT_REPOSITORY, PipelineSession } from './pipeline-session';

export interface FanOutRuns {
  /** Per run: produce → first and → last of the deliveries received. */
  runs: { firstMs: number; allMs: number }[];
  medianAllMs: number;
  /** Deliveries per second within a run (subscriptions / allMs). */
  deliveriesPerSecond: number;
  /** Requests beyond one per subscription, over all runs. */
  extraRequests: number;
}

export interface FanOutFigure extends FanOutRuns {
  subscriptions: number;
  /** The same with a second dispatcher in the groups: the deliveries topic shares the fan-out. */
  twoReplicas: FanOutRuns;
}

async function fanOutRuns(session: PipelineSession, sizes: BenchSizes): Promise<FanOutRuns> {
  const { producer, receiver } = session;
  const expected = sizes.fanOutSubscriptions;
  const runs: FanOutRuns['runs'] = [];
  let extraRequests = 0;
  for (let run = 0; run < sizes.fanOutRuns; run++) {
    receiver.reset();
    await producer.produceOne(FAN_OUT_REPOSITORY);
    await receiver.waitForRequests(expected, 120_000);
    // Anything beyond one request per subscription would arrive right behind the rest.
    await delay(500);
    extraRequests += receiver.count - expected;
    const producedAt = receiver.arrivals[0].producedAt;
    const times = receiver.arrivals.slice(0, expected).map((arrival) => arrival.receivedAt - producedAt);
    runs.push({ firstMs: Math.round(Math.min(...times)), allMs: Math.round(Math.max(...times)) });
  }
  const medianAllMs = percentile(
    runs.map((r) => r.allMs).sort((a, b) => a - b),
    50,
  );
  return {
    runs,
    medianAllMs,
    deliveriesPerSecond: Math.round((expected / medianAllMs) * 1000),
    extraRequests,
  };
}

/**
 * Benchmark 5: one event matching `fanOutSubscriptions` subscriptions (more than
 * DISPATCHER_DIRECT_FANOUT_MAX, so it goes through the deliveries topic); time until every one of
 * them received it, with one dispatcher and with two.
 */
export async function runFanOutBench(session: PipelineSession, sizes: BenchSizes): Promise<FanOutFigure> {
  const oneReplica = await fanOutRuns(session, sizes);
  await session.addDispatcher();
  try {
    return {
      subscriptions: sizes.fanOutSubscriptions,
      ...oneReplica,
      twoReplicas: await fanOutRuns(session, sizes),
    };
  } finally {
    await session.removeDispatcher();
  }
}
