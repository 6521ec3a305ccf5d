import { setTimeout as delay } from 'node:timers/promises';
import { EventProducer } from './event-producer';
import { LoadReceiver } from './load-receiver';
import { CpuMeter, CpuUse } from './process-stats';

export interface ThroughputFigure {
  /** Events produced; every one was received (at least once) before the figure was taken. */
  events: number;
  /** Distinct events received per second between the 10% and the 90% arrival marks. */
  eventsPerSecond: number;
  windowSeconds: number;
  /** First produce to last arrival. */
  totalSeconds: number;
  /** Requests for an event already received (at-least-once redelivery). */
  duplicates: number;
  /** Cores used over the steady window, by process and machine-wide. */
  cpu: CpuUse;
}

export interface ThroughputOptions {
  producer: EventProducer;
  receiver: LoadReceiver;
  events: number;
  /** Events produced but not yet received, at most (see EventProducer.produceKeepingBacklog). */
  maxBacklog: number;
  /** Every event about this repository, instead of cycling through the producer's. */
  repository?: string;
  /**
   * The repository of each event instead, with `elsewhere` those that go to another receiver:
   * they count as received for the backlog, and the figure counts the rest.
   */
  route?: { repositoryOf: (sequence: number) => string; elsewhere: (sequence: number) => boolean };
  /** Processes whose CPU use to report, by name. */
  pids: Record<string, number>;
  timeoutMs: number;
  /**
   * Events sent through first and left out of the figure: a fresh process's first thousands of
   * events run before the JIT has compiled its hot path, which costs the code with more to compile
   * (the dispatcher) more than a baseline.
   */
  warmUpEvents?: number;
}

const STEADY_FROM = 0.1;
const STEADY_TO = 0.9;

/**
 * Delivered events per second with the pipeline saturated: `events` events produced while keeping
 * a bounded backlog, measured at the receiver over the middle 80% of arrivals (the first 10% are
 * warm-up: consumers fetching their first batches; the last 10% drain with a shrinking backlog).
 */
export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputFigure> {
  if (options.warmUpEvents) {
    await measureThroughput({ ...options, events: options.warmUpEvents, warmUpEvents: 0 });
  }
  const { producer, receiver, route } = options;
  receiver.reset();
  const first = producer.produced;
  let elsewhere = 0;
  for (let sequence = first; sequence < first + options.events; sequence++) {
    if (route?.elsewhere(sequence)) elsewhere++;
  }
  const events = options.events - elsewhere;
  let counted = first;
  let elsewhereProduced = 0;
  const elsewhereSoFar = (): number => {
    for (; counted < producer.produced; counted++) if (route?.elsewhere(counted)) elsewhereProduced++;
    return elsewhereProduced;
  };
  const startedAt = performance.timeOrigin + performance.now();
  let producerError: unknown;
  const producing = producer
    .produceKeepingBacklog(
      options.events,
      options.maxBacklog,
      () => receiver.distinct + (route ? elsewhereSoFar() : 0),
      { repository: options.repository, repositoryOf: route?.repositoryOf },
    )
    .catch((error: unknown) => (producerError = error));
  const from = Math.floor(events * STEADY_FROM);
  const to = Math.floor(events * STEADY_TO);
  let meter: CpuMeter | undefined;
  let cpu: CpuUse | undefined;
  const deadline = Date.now() + options.timeoutMs;
  while (receiver.distinct < events) {
    if (producerError) throw producerError;
    if (Date.now() > deadline)
      throw new Error(`received ${receiver.distinct} of ${events} events within ${options.timeoutMs} ms`);
    if (!meter && receiver.count >= from) meter = CpuMeter.start(options.pids);
    if (meter && !cpu && receiver.count >= to) cpu = meter.stop();
    await delay(10);
  }
  await producing;
  cpu ??= (meter ?? CpuMeter.start(options.pids)).stop();
  const arrivals = receiver.arrivals;
  const windowMs = arrivals[to].receivedAt - arrivals[from].receivedAt;
  return {
    events,
    eventsPerSecond: Math.round(((to - from) / windowMs) * 1000),
    windowSeconds: round1(windowMs / 1000),
    totalSeconds: round1((arrivals[arrivals.length - 1].receivedAt - startedAt) / 1000),
    duplicates: receiver.duplicates,
    cpu,
  };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
