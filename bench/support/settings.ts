import { INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { DISPATCHER_MALLOC_ENV, DISPATCHER_NODE_OPTIONS } from '../../apps/dispatcher/src/node-options';
import { join, resolve } from 'node:path';

/** Sizes of one run; BENCH_QUICK=1 picks the smoke-test sizes. */
export interface BenchSizes {
  /** Events per throughput run (baseline, end to end, each scale step). */
  throughputEvents: number;
  /** Events through a fresh pipeline (a baseline, the end-to-end dispatcher) before its throughput run. */
  warmUpEvents: number;
  /** Repositories the throughput events cycle through, one subscription each. */
  repositories: number;
  latencySeconds: number;
  /** Produce rates of the latency runs besides half the peak, as fractions of the peak. */
  latencyFractions: number[];
  fanOutSubscriptions: number;
  fanOutRuns: number;
  /** Events of each busy-subscription run, all for its one subscription. */
  busySubscriptionEvents: number;
  /** Pulls waiting on the inbound topic in the no-match and consume-only runs. */
  noMatchEvents: number;
  /** Subscriptions in the view of the large memory run. */
  memoryLargeSubscriptions: number;
  matchingEvents: number;
  formatterEventsPerFormat: number;
  memorySubscriptions: number;
  memoryBacklogSeconds: number;
  /**
   * Events produced and not yet received during the memory run's backlog phase: eight times what
   * the dispatcher may buffer (DISPATCHER_MAX_BUFFERED 2048) in a full run, so most of it waits
   * in Kafka.
   */
  memoryBacklogEvents: number;
}

export const FULL_SIZES: BenchSizes = {
  throughputEvents: 30_000,
  warmUpEvents: 10_000,
  repositories: 1_000,
  latencySeconds: 15,
  latencyFractions: [0.1],
  fanOutSubscriptions: 1_000,
  fanOutRuns: 3,
  busySubscriptionEvents: 5_000,
  noMatchEvents: 200_000,
  memoryLargeSubscriptions: 1_000_000,
  matchingEvents: 200_000,
  formatterEventsPerFormat: 100_000,
  memorySubscriptions: 100_000,
  memoryBacklogSeconds: 60,
  memoryBacklogEvents: 16_000,
};

export const QUICK_SIZES: BenchSizes = {
  throughputEvents: 2_000,
  warmUpEvents: 500,
  repositories: 50,
  latencySeconds: 3,
  latencyFractions: [],
  fanOutSubscriptions: 50,
  fanOutRuns: 1,
  busySubscriptionEvents: 300,
  noMatchEvents: 5_000,
  memoryLargeSubscriptions: 20_000,
  matchingEvents: 20_000,
  formatterEventsPerFormat: 2_000,
  memorySubscriptions: 5_000,
  memoryBacklogSeconds: 5,
  memoryBacklogEvents: 2_000,
};

/** The dispatcher's defaults, which the baseline copies (requests in flight; keep-alive connections per origin). */
export const MAX_IN_FLIGHT = 256;
export const CONNECTIONS_PER_ORIGIN = 16;

/** Partitions of the inbound and delivery topics in every pipeline run (the scale benchmark's 8). */
export const PIPELINE_PARTITIONS = 8;

/**
 * Events produced and not yet received, at most, in a throughput run: far more than the
 * dispatcher buffers (DISPATCHER_MAX_BUFFERED 2048), so it always has work.
 */
export const THROUGHPUT_BACKLOG = 5_000;

/** The inbound, deliveries and attempts topics, pre-created with PIPELINE_PARTITIONS partitions. */
export function pipelineTopics(prefix: string): { name: string; partitions: number }[] {
  return [INBOUND_TOPICS.artifact, INTERNAL_TOPICS.deliveries, INTERNAL_TOPICS.attempts].map((topic) => ({
    name: `${prefix}${topic}`,
    partitions: PIPELINE_PARTITIONS,
  }));
}

/**
 * Fetch wait of every consumer in the pipelines: the dispatcher's default DISPATCHER_FETCH_MAX_WAIT,
 * and the baseline's (Kafka answers a fetch as soon as records arrive, so it bounds only idle fetches).
 */
export const FETCH_MAX_WAIT_MS = 100;

/**
 * Extra environment for every dispatcher the bench starts (besides DISPATCHER_FETCH_MAX_WAIT and
 * the malloc settings it is meant to run with), with `nodeOptions` after the dispatcher's own
 * Node.js options:
 * - BENCH_CPU_PROF=<dir>: each writes a V8 CPU profile into <dir> when it stops (profilingEnv),
 *   for finding what limits a figure;
 * - BENCH_DISPATCHER_NODE_OPTIONS: Node.js options for the dispatchers after their own
 *   (DISPATCHER_NODE_OPTIONS; a later option wins, e.g. `--max-old-space-size=4096` lifts the cap),
 *   for comparing runtime settings;
 * - any DISPATCHER_* variable set for the bench (e.g. DISPATCHER_FETCH_MAX_WAIT=100ms).
 */
export function dispatcherExtraEnv(nodeOptions: string[] = []): Record<string, string> {
  const profiling = profilingEnv();
  const options = [
    DISPATCHER_NODE_OPTIONS,
    ...nodeOptions,
    process.env.BENCH_DISPATCHER_NODE_OPTIONS,
    profiling.NODE_OPTIONS,
  ].filter(Boolean);
  const settings = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[0].startsWith('DISPATCHER_') && entry[1] !== undefined,
    ),
  );
  return {
    ...DISPATCHER_MALLOC_ENV,
    DISPATCHER_FETCH_MAX_WAIT: `${FETCH_MAX_WAIT_MS}ms`,
    ...settings,
    ...profiling,
    NODE_OPTIONS: options.join(' '),
  };
}

/**
 * With BENCH_CPU_PROF=<dir>, what makes a process the bench starts write a V8 CPU profile into
 * <dir> when it stops (see cpu-profile-preload.ts); nothing otherwise. The baselines get it too, so
 * that a dispatcher's profile can be set beside its baseline's from the same run.
 */
export function profilingEnv(): { BENCH_CPU_PROF?: string; NODE_OPTIONS?: string } {
  const profileDir = process.env.BENCH_CPU_PROF;
  if (!profileDir) return {};
  return {
    BENCH_CPU_PROF: resolve(profileDir),
    NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}`,
  };
}
