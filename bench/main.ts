/**
 * `npm run bench`: every benchmark in one process run, on this machine, against fresh brokers and
 * a loopback receiver, each figure beside the baseline it is compared with, measured in the same
 * run. Writes bench/results/latest.json and the figures block of BENCHMARKS.md.
 *
 *   BENCH_QUICK=1            smoke run with small sizes (a few minutes); writes
 *                            bench/results/quick.json only, never latest.json or BENCHMARKS.md
 *   BENCH_ONLY=a,b           only these (and what they need: end-to-end needs both delivering
 *                            baselines, no-match the consume-only one, latency and scale
 *                            end-to-end); their entries replace the same entries in latest.json,
 *                            the others are kept with their own dates
 *
 * Names: matching, formatting, baseline, log-baseline, consume-baseline, end-to-end, latency,
 * no-match, fan-out, busy-subscription, slow-endpoint, scale, memory, memory-large.
 */
import { findRepoRoot } from '@tools/support';
import { resolveTestPostgres, TestPostgres } from '@tools/local-postgres';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFormatterBench } from './formatters/formatters.bench';
import { runMatchingBench } from './matching/matching.bench';
import { runMemoryBench } from './memory/memory.bench';
import { runConsumeBaseline, runDeliveringBaseline } from './pipeline/baseline.bench';
import { runBusySubscriptionBench } from './pipeline/busy-subscription.bench';
import { runEndToEndBench } from './pipeline/end-to-end.bench';
import { runFanOutBench } from './pipeline/fan-out.bench';
import { runLatencyBench } from './pipeline/latency.bench';
import { runNoMatchBench } from './pipeline/no-match.bench';
import { PipelineSession } from './pipeline/pipeline-session';
import { runScaleBench } from './pipeline/scale.bench';
import { runSlowEndpointBench } from './pipeline/slow-endpoint.bench';
import { renderFiguresBlock, writeFiguresBlock } from './report/benchmarks-md';
import {
  BenchmarkEntries,
  BenchmarkFigures,
  BenchmarkName,
  BenchResults,
  Failed,
  figures,
  formatJson,
  machineInfo,
} from './report/results';
import { benchRepositories } from './support/bench-events';
import { benchBrokerName } from './support/bench-broker';
import { childPids } from './support/process-stats';
import { BenchSizes, FULL_SIZES, QUICK_SIZES } from './support/settings';

const ROOT = findRepoRoot(__dirname);
const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** BENCH_ONLY name → results key, in run order. */
const BENCHMARKS: readonly [string, BenchmarkName][] = [
  ['matching', 'matching'],
  ['formatting', 'formatting'],
  ['baseline', 'baseline'],
  ['log-baseline', 'logBaseline'],
  ['consume-baseline', 'consumeBaseline'],
  ['end-to-end', 'endToEnd'],
  ['latency', 'latency'],
  ['no-match', 'noMatch'],
  ['fan-out', 'fanOut'],
  ['busy-subscription', 'busySubscription'],
  ['slow-endpoint', 'slowEndpoint'],
  ['scale', 'scale'],
  ['memory', 'memory'],
  ['memory-large', 'memoryLarge'],
];
const NEEDS: Partial<Record<BenchmarkName, BenchmarkName[]>> = {
  logBaseline: ['baseline'],
  endToEnd: ['baseline', 'logBaseline'],
  latency: ['endToEnd'],
  noMatch: ['consumeBaseline'],
  scale: ['endToEnd'],
  memoryLarge: ['matching'],
};
const ON_PIPELINE_SESSION: readonly BenchmarkName[] = [
  'endToEnd',
  'latency',
  'noMatch',
  'fanOut',
  'busySubscription',
  'slowEndpoint',
  'scale',
];

const E2E_TO_LOG_BASELINE_TARGET = 0.8;
const E2E_TO_RAW_BASELINE_TARGET = 0.5;
const NO_MATCH_TARGET = 0.7;
const LATENCY_P99_LIMIT_MS = 50;
const FAN_OUT_LIMIT_MS = 250;
const MATCHING_RATIO_LIMIT = 2;
const SLOW_ENDPOINT_TARGET = 0.9;
const MEMORY_LIMIT_MB = 256;
const MEMORY_LARGE_LIMIT_MB = 1_024;
/** The old generation the large view needs (about 0.5 MB per 1,000 subscriptions beyond 100,000). */
const MEMORY_LARGE_OLD_SPACE_MB = 640;

function selected(only: string | undefined): Set<BenchmarkName> {
  if (!only) return new Set(BENCHMARKS.map(([, key]) => key));
  const byName = new Map(BENCHMARKS);
  const chosen = new Set<BenchmarkName>();
  const add = (key: BenchmarkName): void => {
    chosen.add(key);
    for (const need of NEEDS[key] ?? []) add(need);
  };
  for (const name of only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const key = byName.get(name);
    if (!key)
      throw new Error(
        `BENCH_ONLY: unknown benchmark ${name} (known: ${BENCHMARKS.map(([n]) => n).join(', ')})`,
      );
    add(key);
  }
  return chosen;
}

/** Runs the chosen benchmarks in order; a failure is recorded as that entry's error and the run goes on. */
class Runner {
  readonly entries: BenchmarkEntries = {};
  private postgres?: TestPostgres;
  private session?: PipelineSession;

  constructor(
    private readonly chosen: Set<BenchmarkName>,
    private readonly sizes: BenchSizes,
  ) {}

  async runAll(): Promise<void> {
    try {
      for (const [name, key] of BENCHMARKS) {
        if (!this.chosen.has(key)) continue;
        if (!ON_PIPELINE_SESSION.includes(key)) await this.closeSession();
        console.log(`\n== ${name}`);
        const started = performance.now();
        try {
          const result = await this.run(key);
          Object.assign(this.entries, { [key]: { ...result, measuredAt: new Date().toISOString() } });
          console.log(JSON.stringify(result, (k, v: unknown) => (k === 'samples' ? undefined : v), 2));
        } catch (error) {
          console.error(`${name} failed:`, error);
          const failed: Failed = {
            error: error instanceof Error ? error.message : String(error),
            measuredAt: new Date().toISOString(),
          };
          Object.assign(this.entries, { [key]: failed });
        }
        console.log(`== ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      await this.closeSession();
      await this.postgres?.stop();
    }
  }

  private async run(key: BenchmarkName): Promise<BenchmarkFigures[BenchmarkName]> {
    const { sizes, entries } = this;
    const needed = <K extends BenchmarkName>(name: K): BenchmarkFigures[K] => {
      const figure = figures(entries, name);
      if (!figure) throw new Error(`needs ${name}, which failed`);
      return figure;
    };
    // NaN (written as null) when the reference was not measured in this run.
    const ratioTo = (perSecond: number, name: 'baseline' | 'logBaseline' | 'consumeBaseline'): number => {
      const reference = figures(entries, name)?.eventsPerSecond;
      return reference ? round2(perSecond / reference) : NaN;
    };
    const toBaseline = (perSecond: number): number => ratioTo(perSecond, 'baseline');
    switch (key) {
      case 'matching': {
        const results = await runMatchingBench(
          [1_000, 100_000, sizes.memoryLargeSubscriptions],
          sizes.matchingEvents,
        );
        const ratio = results[1].nsPerEvent / results[0].nsPerEvent;
        return {
          results,
          ratio100kTo1k: round2(ratio),
          ratio1mTo1k: round2(results[2].nsPerEvent / results[0].nsPerEvent),
          target: {
            description: `100k within ${MATCHING_RATIO_LIMIT}× of 1k`,
            met: ratio <= MATCHING_RATIO_LIMIT,
          },
        };
      }
      case 'formatting':
        return { results: await runFormatterBench({ eventsPerFormat: sizes.formatterEventsPerFormat }) };
      case 'baseline':
        return runDeliveringBaseline(sizes, 'raw');
      case 'logBaseline': {
        const figure = await runDeliveringBaseline(sizes, 'log');
        return { ...figure, ratioToBaseline: toBaseline(figure.eventsPerSecond) };
      }
      case 'consumeBaseline':
        return runConsumeBaseline(sizes);
      case 'endToEnd': {
        const figure = await runEndToEndBench(await this.pipelineSession(), sizes);
        const ratioToBaseline = toBaseline(figure.eventsPerSecond);
        const ratioToLogBaseline = ratioTo(figure.eventsPerSecond, 'logBaseline');
        return {
          ...figure,
          ratioToBaseline,
          ratioToLogBaseline,
          target: {
            description: `≥ ${E2E_TO_LOG_BASELINE_TARGET}× the delivery-log baseline and ≥ ${E2E_TO_RAW_BASELINE_TARGET}× the raw one`,
            met:
              ratioToLogBaseline >= E2E_TO_LOG_BASELINE_TARGET &&
              ratioToBaseline >= E2E_TO_RAW_BASELINE_TARGET,
          },
        };
      }
      case 'latency': {
        const figure = await runLatencyBench(
          await this.pipelineSession(),
          sizes,
          needed('endToEnd').eventsPerSecond,
        );
        return {
          ...figure,
          target: {
            description: `p99 < ${LATENCY_P99_LIMIT_MS} ms at half the peak`,
            met: figure.atHalfPeak.p99Ms < LATENCY_P99_LIMIT_MS,
          },
        };
      }
      case 'noMatch': {
        const figure = await runNoMatchBench(await this.pipelineSession(), sizes);
        const ratio = ratioTo(figure.eventsPerSecond, 'consumeBaseline');
        return {
          ...figure,
          ratioToConsumeBaseline: ratio,
          target: {
            description: `≥ ${NO_MATCH_TARGET}× the consume-only baseline`,
            met: ratio >= NO_MATCH_TARGET,
          },
        };
      }
      case 'fanOut': {
        const figure = await runFanOutBench(await this.pipelineSession(), sizes);
        return {
          ...figure,
          ratioToBaseline: toBaseline(figure.deliveriesPerSecond),
          target: {
            description: `all received in < ${FAN_OUT_LIMIT_MS} ms with one replica`,
            met: figure.medianAllMs < FAN_OUT_LIMIT_MS,
          },
        };
      }
      case 'busySubscription': {
        const figure = await runBusySubscriptionBench(await this.pipelineSession(), sizes);
        return { ...figure, ratioToBaseline: toBaseline(figure.eventsPerSecond) };
      }
      case 'slowEndpoint': {
        const figure = await runSlowEndpointBench(await this.pipelineSession(), sizes);
        return {
          ...figure,
          target: {
            description: `fast subscriptions ≥ ${SLOW_ENDPOINT_TARGET}× their throughput without the slow one`,
            met: figure.ratio >= SLOW_ENDPOINT_TARGET,
          },
        };
      }
      case 'scale': {
        const { events, eventsPerSecond, windowSeconds, totalSeconds, duplicates, cpu } = needed('endToEnd');
        const oneReplica = { events, eventsPerSecond, windowSeconds, totalSeconds, duplicates, cpu };
        const figure = await runScaleBench(await this.pipelineSession(), sizes, oneReplica);
        return {
          ...figure,
          ratioToBaseline: {
            oneReplica: toBaseline(figure.oneReplica.eventsPerSecond),
            twoReplicas: toBaseline(figure.twoReplicas.eventsPerSecond),
          },
          speedup: round2(figure.twoReplicas.eventsPerSecond / figure.oneReplica.eventsPerSecond),
        };
      }
      case 'memory': {
        const figure = await runMemoryBench(sizes, {
          subscriptions: sizes.memorySubscriptions,
          limitMb: MEMORY_LIMIT_MB,
          backlogSeconds: sizes.memoryBacklogSeconds,
        });
        return {
          ...figure,
          ratioToBaseline: toBaseline(figure.deliveredPerSecond),
          target: { description: `< ${figure.limitMb} MB, flat`, met: figure.underLimit && figure.flat },
        };
      }
      case 'memoryLarge': {
        const figure = await runMemoryBench(sizes, {
          subscriptions: sizes.memoryLargeSubscriptions,
          limitMb: MEMORY_LARGE_LIMIT_MB,
          backlogSeconds: Math.round(sizes.memoryBacklogSeconds / 2),
          oldSpaceMb: MEMORY_LARGE_OLD_SPACE_MB,
        });
        return { ...figure, target: { description: `< ${figure.limitMb} MB`, met: figure.underLimit } };
      }
    }
  }

  /** One pipeline session for the end-to-end, latency, fan-out and scale benchmarks chosen. */
  private async pipelineSession(): Promise<PipelineSession> {
    if (!this.session) {
      this.postgres ??= await resolveTestPostgres();
      this.session = await PipelineSession.start({
        postgresServerUrl: this.postgres.serverUrl,
        repositories: benchRepositories(this.sizes.repositories),
        fanOutSubscriptions: this.chosen.has('fanOut') ? this.sizes.fanOutSubscriptions : 0,
        busySubscription: this.chosen.has('busySubscription'),
        slowSubscription: this.chosen.has('slowEndpoint'),
      });
    }
    return this.session;
  }

  private async closeSession(): Promise<void> {
    await this.session?.close();
    this.session = undefined;
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${path}.tmp`, formatJson(value));
  renameSync(`${path}.tmp`, path);
}

async function main(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const only = process.env.BENCH_ONLY;
  const chosen = selected(only);
  const machine = machineInfo();
  console.log(
    `bench: ${[...chosen].join(', ')}${quick ? ' (quick)' : ''} on ${machine.cpus} × ${machine.cpuModel}, load ${machine.loadAverageAtStart}`,
  );

  const runner = new Runner(chosen, quick ? QUICK_SIZES : FULL_SIZES);
  await runner.runAll();

  const resultsPath = join(RESULTS_DIR, quick ? 'quick.json' : 'latest.json');
  const previous: BenchmarkEntries =
    !quick && only && existsSync(resultsPath)
      ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults).benchmarks
      : {};
  const results: BenchResults = {
    broker: benchBrokerName(),
    machine,
    generatedAt: new Date().toISOString(),
    quick,
    benchmarks: { ...previous, ...runner.entries },
  };
  writeJson(resultsPath, results);
  console.log(`\nwrote ${resultsPath}`);
  if (!quick) {
    writeFiguresBlock(join(ROOT, 'BENCHMARKS.md'), renderFiguresBlock(results));
    console.log('updated the figures block of BENCHMARKS.md');
  }
  if (Object.values(runner.entries).some((entry) => 'error' in entry)) process.exitCode = 1;
}

/** Ctrl-C or SIGTERM mid-run: stop the brokers, apps and PostgreSQL this run started, then exit. */
function stopChildrenAndExit(signal: NodeJS.Signals): void {
  for (const pid of childPids(process.pid)) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.once('SIGINT', stopChildrenAndExit);
process.once('SIGTERM', stopChildrenAndExit);

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
