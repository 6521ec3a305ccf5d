/**
 * `npm run bench`: every benchmark of issue #6 in one process run, on this machine, against fresh
 * dev brokers and a loopback receiver. Writes bench/results/latest.json and the figures block of
 * BENCHMARKS.md.
 *
 *   BENCH_QUICK=1            smoke run with small sizes (under a minute); writes
 *                            bench/results/quick.json only, never latest.json or BENCHMARKS.md
 *   BENCH_ONLY=a,b           only these (and what they need: end-to-end needs baseline for its
 *                            ratio, latency and scale need end-to-end); their entries replace the
 *                            same entries in latest.json, the others are kept with their own dates
 *
 * Names: baseline, end-to-end, latency, fan-out, busy-subscription, matching, formatting, memory,
 * scale.
 */
import { ensureDevKafkaBuilt } from '@tools/dev-kafka';
import { findRepoRoot } from '@tools/support';
import { resolveTestPostgres, TestPostgres } from '@tools/local-postgres';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFormatterBench } from './formatters/formatters.bench';
import { runMatchingBench } from './matching/matching.bench';
import { runMemoryBench } from './memory/memory.bench';
import { runBaselineBench } from './pipeline/baseline.bench';
import { runBusySubscriptionBench } from './pipeline/busy-subscription.bench';
import { runEndToEndBench } from './pipeline/end-to-end.bench';
import { runFanOutBench } from './pipeline/fan-out.bench';
import { runLatencyBench } from './pipeline/latency.bench';
import { PipelineSession } from './pipeline/pipeline-session';
import { runScaleBench } from './pipeline/scale.bench';
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
import { childPids } from './support/process-stats';
import { BenchSizes, FULL_SIZES, QUICK_SIZES } from './support/settings';

const ROOT = findRepoRoot(__dirname);
const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** BENCH_ONLY name → results key, in run order. */
const BENCHMARKS: readonly [string, BenchmarkName][] = [
  ['matching', 'matching'],
  ['formatting', 'formatting'],
  ['baseline', 'baseline'],
  ['end-to-end', 'endToEnd'],
  ['latency', 'latency'],
  ['fan-out', 'fanOut'],
  ['busy-subscription', 'busySubscription'],
  ['scale', 'scale'],
  ['memory', 'memory'],
];
const NEEDS: Partial<Record<BenchmarkName, BenchmarkName[]>> = {
  endToEnd: ['baseline'],
  latency: ['endToEnd'],
  scale: ['endToEnd'],
};
const ON_PIPELINE_SESSION: readonly BenchmarkName[] = [
  'endToEnd',
  'latency',
  'fanOut',
  'busySubscription',
  'scale',
];

const LATENCY_P99_LIMIT_MS = 100;
const MATCHING_RATIO_LIMIT = 2;
const E2E_RATIO_TARGET = 0.7;

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
    const baseline = (): number => {
      const figure = figures(entries, 'baseline');
      if (!figure) throw new Error('needs the baseline, which failed');
      return figure.eventsPerSecond;
    };
    // NaN (written as null) when the baseline was not measured in this run.
    const toBaseline = (perSecond: number): number => {
      const reference = figures(entries, 'baseline')?.eventsPerSecond;
      return reference ? round2(perSecond / reference) : NaN;
    };
    const endToEnd = () => {
      const figure = figures(entries, 'endToEnd');
      if (!figure) throw new Error('needs the end-to-end figure, which failed');
      return figure;
    };
    switch (key) {
      case 'matching': {
        const results = await runMatchingBench([1_000, 100_000], sizes.matchingEvents);
        const ratio = results[1].nsPerEvent / results[0].nsPerEvent;
        return {
          results,
          ratio100kTo1k: Math.round(ratio * 100) / 100,
          target: {
            description: `100k within ${MATCHING_RATIO_LIMIT}× of 1k`,
            met: ratio <= MATCHING_RATIO_LIMIT,
          },
        };
      }
      case 'formatting':
        return { results: await runFormatterBench({ eventsPerFormat: sizes.formatterEventsPerFormat }) };
      case 'baseline':
        return runBaselineBench(sizes);
      case 'endToEnd': {
        const figure = await runEndToEndBench(await this.pipelineSession(), sizes);
        const ratioToBaseline = round2(figure.eventsPerSecond / baseline());
        return {
          ...figure,
          ratioToBaseline,
          target: {
            description: `≥ ${E2E_RATIO_TARGET}× baseline`,
            met: ratioToBaseline >= E2E_RATIO_TARGET,
          },
        };
      }
      case 'latency': {
        const figure = await runLatencyBench(await this.pipelineSession(), sizes, endToEnd().eventsPerSecond);
        const { p99Ms } = figure.atHalfPeak;
        return {
          ...figure,
          target: {
            description: `p99 < ${LATENCY_P99_LIMIT_MS} ms at half the peak`,
            met: p99Ms < LATENCY_P99_LIMIT_MS,
          },
        };
      }
      case 'fanOut': {
        const figure = await runFanOutBench(await this.pipelineSession(), sizes);
        return { ...figure, ratioToBaseline: toBaseline(figure.deliveriesPerSecond) };
      }
      case 'busySubscription': {
        const figure = await runBusySubscriptionBench(await this.pipelineSession(), sizes);
        return { ...figure, ratioToBaseline: toBaseline(figure.eventsPerSecond) };
      }
      case 'scale': {
        const { events, eventsPerSecond, windowSeconds, totalSeconds, duplicates, cpu } = endToEnd();
        const oneReplica = { events, eventsPerSecond, windowSeconds, totalSeconds, duplicates, cpu };
        const figure = await runScaleBench(await this.pipelineSession(), sizes, oneReplica);
        return {
          ...figure,
          ratioToBaseline: {
            oneReplica: round2(figure.oneReplica.eventsPerSecond / baseline()),
            twoReplicas: round2(figure.twoReplicas.eventsPerSecond / baseline()),
          },
          speedup: round2(figure.twoReplicas.eventsPerSecond / figure.oneReplica.eventsPerSecond),
        };
      }
      case 'memory': {
        const figure = await runMemoryBench(sizes);
        return {
          ...figure,
          ratioToBaseline: toBaseline(figure.deliveredPerSecond),
          target: { description: `< ${figure.limitMb} MB, flat`, met: figure.underLimit && figure.flat },
        };
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
  await ensureDevKafkaBuilt();

  const runner = new Runner(chosen, quick ? QUICK_SIZES : FULL_SIZES);
  await runner.runAll();

  const resultsPath = join(RESULTS_DIR, quick ? 'quick.json' : 'latest.json');
  const previous: BenchmarkEntries =
    !quick && only && existsSync(resultsPath)
      ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as BenchResults).benchmarks
      : {};
  const results: BenchResults = {
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
