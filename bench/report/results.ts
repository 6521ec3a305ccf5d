import { cpus, loadavg, release, totalmem } from 'node:os';
import type { FormatterBenchResult } from '../formatters/formatters.bench';
import type { MatchingBenchResult } from '../matching/matching.bench';
import type { MemoryFigure } from '../memory/memory.bench';
import type { BusySubscriptionFigure } from '../pipeline/busy-subscription.bench';
import type { FanOutFigure } from '../pipeline/fan-out.bench';
import type { LatencyFigure } from '../pipeline/latency.bench';
import type { ScaleFigure } from '../pipeline/scale.bench';
import type { SlowEndpointFigure } from '../pipeline/slow-endpoint.bench';
import type { ConsumptionFigure } from '../support/consumption';
import type { ThroughputFigure } from '../support/throughput';

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1-minute load average when the run started: above the core count, something else was busy too. */
  loadAverageAtStart: number;
}

export interface Target {
  description: string;
  met: boolean;
}

/** When a figure was measured; each benchmark can be re-run on its own (BENCH_ONLY), so each carries its date. */
interface Measured {
  measuredAt: string;
}

export interface Failed extends Measured {
  error: string;
}

export interface BenchmarkFigures {
  /** The raw pipeline: kafkajs eachBatch + undici POST. */
  baseline: ThroughputFigure;
  /** Raw + parse + sign + one attempt-sized record per event, acks=all, before the commit. */
  logBaseline: ThroughputFigure & { ratioToBaseline: number };
  /** eachBatch + commit, no POST, over a backlog of pulls. */
  consumeBaseline: ConsumptionFigure;
  endToEnd: ThroughputFigure & { ratioToBaseline: number; ratioToLogBaseline: number; target: Target };
  latency: LatencyFigure & { target: Target };
  noMatch: ConsumptionFigure & { ratioToConsumeBaseline: number; target: Target };
  fanOut: FanOutFigure & { ratioToBaseline: number; target: Target };
  matching: { results: MatchingBenchResult[]; ratio100kTo1k: number; ratio1mTo1k: number; target: Target };
  formatting: { results: FormatterBenchResult[] };
  memory: MemoryFigure & { ratioToBaseline: number; target: Target };
  memoryLarge: MemoryFigure & { target: Target };
  scale: ScaleFigure & { ratioToBaseline: { oneReplica: number; twoReplicas: number }; speedup: number };
  busySubscription: BusySubscriptionFigure & { ratioToBaseline: number };
  slowEndpoint: SlowEndpointFigure & { target: Target };
}

export type BenchmarkName = keyof BenchmarkFigures;

export type BenchmarkEntries = { [K in BenchmarkName]?: (BenchmarkFigures[K] & Measured) | Failed };

export interface BenchResults {
  /** The Kafka broker every figure was measured on. */
  broker: string;
  machine: MachineInfo;
  /** The last run that wrote this file. */
  generatedAt: string;
  quick: boolean;
  benchmarks: BenchmarkEntries;
}

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    cpus: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${process.platform} ${release()}`,
    node: process.version,
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}

export function isFailed(entry: object | undefined): entry is Failed {
  return entry !== undefined && 'error' in entry;
}

/** The figures of `name` when it was measured successfully. */
export function figures<K extends BenchmarkName>(
  entries: BenchmarkEntries,
  name: K,
): (BenchmarkFigures[K] & Measured) | undefined {
  const entry = entries[name];
  return entry === undefined || isFailed(entry) ? undefined : (entry as BenchmarkFigures[K] & Measured);
}

/** Short arrays of numbers and strings on one line, the rest indented: JSON as Prettier writes it, so `npm run lint` passes. */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\s+([^[\]{}]*?)\s+\]/g,
    (whole, items: string, offset: number, all: string) => {
      const line = `[${items.split(/,\s+/).join(', ')}]`;
      const indent = offset - all.lastIndexOf('\n', offset) - 1;
      return indent + line.length + 1 <= 110 ? line : whole;
    },
  );
  return `${text}\n`;
}
