import { CpuMeter, CpuUse } from '../support/process-stats';
import { percentile } from '../support/percentile';
import { BenchSizes } from '../support/settings';
import { PipelineSession } from './pipeline-session';

export interface LatencyPoint {
  /** Produce rate as a fraction of the end-to-end peak. */
  fractionOfPeak: number;
  eventsPerSecond: number;
  seconds: number;
  events: number;
  /** Produce (just before the produce request) to arrival at the receiver, first arrival of each event. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  duplicates: number;
  /** Cores used while producing. */
  cpu: CpuUse;
}

export interface LatencyFigure {
  /** The figure asked for: at half the peak. */
  atHalfPeak: LatencyPoint;
  /** Every rate measured, lowest first (a low rate shows the floor that is not queueing). */
  points: LatencyPoint[];
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

async function measureAt(
  session: PipelineSession,
  fractionOfPeak: number,
  peakPerSecond: number,
  seconds: number,
): Promise<LatencyPoint> {
  const { producer, receiver } = session;
  const rate = Math.max(1, Math.round(peakPerSecond * fractionOfPeak));
  receiver.reset();
  const first = producer.produced;
  const meter = CpuMeter.start(session.pids);
  await producer.produceAtRate(rate, seconds * 1000);
  const cpu = meter.stop();
  const events = producer.produced - first;
  await receiver.waitForEvents(events, 300_000);
  const firstArrival = new Set<number>();
  const latencies: number[] = [];
  for (const { sequence, producedAt, receivedAt } of receiver.arrivals) {
    if (sequence < 0 || firstArrival.has(sequence)) continue;
    firstArrival.add(sequence);
    latencies.push(receivedAt - producedAt);
  }
  latencies.sort((a, b) => a - b);
  return {
    fractionOfPeak,
    eventsPerSecond: rate,
    seconds,
    events,
    p50Ms: round1(percentile(latencies, 50)),
    p90Ms: round1(percentile(latencies, 90)),
    p99Ms: round1(percentile(latencies, 99)),
    maxMs: round1(latencies[latencies.length - 1]),
    duplicates: receiver.duplicates,
    cpu,
  };
}

/**
 * Benchmark 3: produce → receiver latency at a steady rate, open loop (events are produced on
 * schedule, one request every few milliseconds, whatever the pipeline does): at half the measured
 * end-to-end peak, and at the other fractions in `sizes.latencyFractions`.
 */
export async function runLatencyBench(
  session: PipelineSession,
  sizes: BenchSizes,
  peakPerSecond: number,
): Promise<LatencyFigure> {
  const fractions = [...new Set([...sizes.latencyFractions, 0.5])].sort((a, b) => a - b);
  const points: LatencyPoint[] = [];
  for (const fraction of fractions)
    points.push(await measureAt(session, fraction, peakPerSecond, sizes.latencySeconds));
  return { atHalfPeak: points.find((point) => point.fractionOfPeak === 0.5)!, points };
}
