import { BenchSizes, THROUGHPUT_BACKLOG } from '../support/settings';
import { measureThroughput, ThroughputFigure } from '../support/throughput';
import { PipelineSession, SLOW_ANSWER_MS, SLOW_REPOSITORY } from './pipeline-session';

/** Every this-many-th event of the run with the slow endpoint is for it. */
const SLOW_EVERY = 30;

export interface SlowEndpointFigure {
  slowAnswerMs: number;
  slowEvery: number;
  /** The fast subscriptions' events per second, all events theirs. */
  without: ThroughputFigure;
  /** The same, with every SLOW_EVERY-th event for the slow endpoint instead. */
  withSlow: ThroughputFigure;
  ratio: number;
  /** Once the slow endpoint answered at once again: until its last event arrived. */
  slowDrainSeconds: number;
}

/**
 * Benchmark 8b: a slow endpoint (answering after 10 s) among fast ones: the fast subscriptions'
 * throughput with every 30th event for the slow one, against the same run without it.
 */
export async function runSlowEndpointBench(
  session: PipelineSession,
  sizes: BenchSizes,
): Promise<SlowEndpointFigure> {
  const run = (route?: Parameters<typeof measureThroughput>[0]['route']): Promise<ThroughputFigure> =>
    measureThroughput({
      producer: session.producer,
      receiver: session.receiver,
      events: sizes.throughputEvents,
      maxBacklog: THROUGHPUT_BACKLOG,
      route,
      pids: session.pids,
      timeoutMs: 600_000,
    });
  const without = await run();
  const first = session.producer.produced;
  const repositories = session.producer.repositories;
  const elsewhere = (sequence: number): boolean => (sequence - first) % SLOW_EVERY === 0;
  session.slowReceiver.reset();
  const withSlow = await run({
    repositoryOf: (sequence) =>
      elsewhere(sequence) ? SLOW_REPOSITORY : repositories[sequence % repositories.length],
    elsewhere,
  });
  const slowEvents = Math.ceil(sizes.throughputEvents / SLOW_EVERY);
  const drainStarted = performance.now();
  session.slowReceiver.answerAtOnce();
  await session.slowReceiver.waitForEvents(slowEvents, 300_000);
  return {
    slowAnswerMs: SLOW_ANSWER_MS,
    slowEvery: SLOW_EVERY,
    without,
    withSlow,
    ratio: Math.round((withSlow.eventsPerSecond / without.eventsPerSecond) * 100) / 100,
    slowDrainSeconds: Math.round((performance.now() - drainStarted) / 100) / 10,
  };
}
