import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { MemoryFigure } from '../memory/memory.bench';
import type { LatencyPoint } from '../pipeline/latency.bench';
import { CpuUse } from '../support/process-stats';
import { BenchmarkEntries, BenchmarkName, BenchResults, figures, isFailed, Target } from './results';

export const BLOCK_START = '<!-- bench:start -->';
export const BLOCK_END = '<!-- bench:end -->';

const n = (value: number): string => value.toLocaleString('en-US');
// NaN (stored as null) when the baseline did not run in the same run.
const ratio = (value: number | null): string =>
  value === null || !Number.isFinite(value) ? '' : `${value.toFixed(2)}×`;
const met = (target: Target): string => (target.met ? 'yes' : '**no**');
const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

function row(cells: (string | number)[]): string {
  return `| ${cells.map(String).join(' | ')} |`;
}

function table(header: string[], rows: (string | number)[][]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

/** One line per benchmark of the summary table, or its error. */
function summaryRows(entries: BenchmarkEntries): (string | number)[][] {
  const rows: (string | number)[][] = [];
  /** A row for `name`: its error when it failed, else what `cells` makes of its figures. */
  const add = <K extends BenchmarkName>(
    label: string,
    name: K,
    cells: (figure: NonNullable<ReturnType<typeof figures<K>>>) => [string, string, string, string],
  ): void => {
    const entry = entries[name];
    if (isFailed(entry)) {
      rows.push([label, `failed: ${entry.error.split('\n')[0]}`, '', '', '', day(entry.measuredAt)]);
      return;
    }
    const figure = figures(entries, name);
    if (figure) rows.push([label, ...cells(figure), day(figure.measuredAt)]);
  };
  const perSecond = (value: number): string => `${n(value)} events/s`;

  add('1a. Raw baseline: kafkajs eachBatch + undici POST', 'baseline', (f) => [
    perSecond(f.eventsPerSecond),
    '1.00×',
    '',
    '',
  ]);
  add(
    '1b. Delivery-log baseline: raw + parse + sign + one attempt-sized record (acks=all) per event',
    'logBaseline',
    (f) => [perSecond(f.eventsPerSecond), ratio(f.ratioToBaseline), '', ''],
  );
  add('1c. Consume-only baseline: eachBatch + commit, no POST', 'consumeBaseline', (f) => [
    perSecond(f.eventsPerSecond),
    '',
    '',
    '',
  ]);
  add('2. End to end, one matching subscription per event', 'endToEnd', (f) => [
    perSecond(f.eventsPerSecond),
    `${ratio(f.ratioToBaseline)} raw, ${ratio(f.ratioToLogBaseline)} delivery-log`,
    f.target.description,
    met(f.target),
  ]);
  add('3. No match: pulls nobody subscribed to', 'noMatch', (f) => [
    perSecond(f.eventsPerSecond),
    `${ratio(f.ratioToConsumeBaseline)} consume-only`,
    f.target.description,
    met(f.target),
  ]);
  add('4. Latency, produce → receiver, at half the peak', 'latency', (f) => {
    const point = (p: LatencyPoint): string =>
      `p50 ${p.p50Ms} ms, p90 ${p.p90Ms} ms, p99 ${p.p99Ms} ms, max ${p.maxMs} ms at ${n(p.eventsPerSecond)} events/s`;
    const others = f.points.filter((p) => p.fractionOfPeak !== 0.5);
    return [
      [
        point(f.atHalfPeak),
        ...others.map((p) => `(at ${p.fractionOfPeak * 100}% of the peak: ${point(p)})`),
      ].join(' '),
      '',
      f.target.description,
      met(f.target),
    ];
  });
  add('5. Fan-out: one event → N subscriptions', 'fanOut', (f) => [
    `${n(f.subscriptions)} subscriptions: all received in ${n(f.medianAllMs)} ms with 1 replica, ${n(f.twoReplicas.medianAllMs)} ms with 2 (medians of ${f.runs.length})`,
    ratio(f.ratioToBaseline),
    f.target.description,
    met(f.target),
  ]);
  add('6a. Matching cost per event', 'matching', (f) => [
    f.results.map((r) => `${n(r.subscriptions)} subs: ${n(r.nsPerEvent)} ns`).join('; '),
    `${ratio(f.ratio1mTo1k)} of the 1k figure at ${n(f.results[f.results.length - 1].subscriptions)}`,
    `${f.target.description} (is ${ratio(f.ratio100kTo1k)})`,
    met(f.target),
  ]);
  const memoryCells = (f: MemoryFigure): string =>
    `catch-up ${f.viewCatchUpSeconds} s; ready ${f.rssAtReadyMb} MB; under a backlog of ${n(f.maxBacklogEvents)} events ${f.rssMb.min}–${f.rssMb.max} MB (first quarter ${f.rssMb.firstQuarterMean}, last ${f.rssMb.lastQuarterMean}); ${n(f.deliveredPerSecond)} events/s delivered`;
  add('6b. Dispatcher RSS, 100,000 subscriptions', 'memory', (f) => [
    memoryCells(f),
    ratio(f.ratioToBaseline),
    f.target.description,
    met(f.target),
  ]);
  add('6c. Dispatcher RSS, many subscriptions', 'memoryLarge', (f) => [
    `${n(f.subscriptions)} subscriptions, old generation ${f.oldSpaceMb ?? 'default'} MB: ${memoryCells(f)}`,
    '',
    f.target.description,
    met(f.target),
  ]);
  add('7. Scale, 8 partitions: 1 / 2 replicas', 'scale', (f) => [
    `${n(f.oneReplica.eventsPerSecond)} / ${n(f.twoReplicas.eventsPerSecond)} events/s (${ratio(f.speedup)})`,
    `${ratio(f.ratioToBaseline.oneReplica)} / ${ratio(f.ratioToBaseline.twoReplicas)}`,
    '',
    '',
  ]);
  add('8a. One busy subscription (not ordered / ordered)', 'busySubscription', (f) => [
    `${perSecond(f.eventsPerSecond)} / ${perSecond(f.ordered.eventsPerSecond)}`,
    ratio(f.ratioToBaseline),
    '',
    '',
  ]);
  add('8b. A slow endpoint among fast ones', 'slowEndpoint', (f) => [
    `fast ones ${perSecond(f.withSlow.eventsPerSecond)} with it, ${perSecond(f.without.eventsPerSecond)} without (every ${f.slowEvery}th event for an endpoint answering in ${f.slowAnswerMs / 1000} s)`,
    ratio(f.ratio),
    f.target.description,
    met(f.target),
  ]);
  return rows;
}

function cpuCells(cpu: CpuUse): string {
  return Object.entries(cpu.processes)
    .map(([name, cores]) => `${name} ${cores.toFixed(2)}`)
    .join(', ');
}

/** Where the CPU went in every throughput-type run: the first thing to read when asking what limits a figure. */
function cpuRows(entries: BenchmarkEntries): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const add = (label: string, cpu: CpuUse | undefined): void => {
    if (cpu) rows.push([label, cpuCells(cpu), cpu.machine.toFixed(2)]);
  };
  add('1a. Raw baseline', figures(entries, 'baseline')?.cpu);
  add('1b. Delivery-log baseline', figures(entries, 'logBaseline')?.cpu);
  add('1c. Consume-only baseline', figures(entries, 'consumeBaseline')?.cpu);
  add('2. End to end', figures(entries, 'endToEnd')?.cpu);
  add('3. No match', figures(entries, 'noMatch')?.cpu);
  for (const point of figures(entries, 'latency')?.points ?? [])
    add(`4. Latency at ${n(point.eventsPerSecond)} events/s (produce phase)`, point.cpu);
  add('7. Scale, 2 replicas', figures(entries, 'scale')?.twoReplicas.cpu);
  const busy = figures(entries, 'busySubscription');
  add('8a. One busy subscription', busy?.cpu);
  add('8a. One busy ordered subscription', busy?.ordered.cpu);
  add('8b. Slow endpoint among fast ones', figures(entries, 'slowEndpoint')?.withSlow.cpu);
  return rows;
}

/** A table with one column per key of the formatter benchmark's result objects, whatever their shape. */
function formattingRows(entries: BenchmarkEntries): string[] {
  const formatting = figures(entries, 'formatting');
  if (!formatting || formatting.results.length === 0) return [];
  const columns = Object.keys(formatting.results[0]);
  const cell = (value: unknown): string => (typeof value === 'number' ? n(value) : String(value));
  return [
    '',
    `Formatting and signing (\`runFormatterBench\`, in process, ${day(formatting.measuredAt)}):`,
    '',
    ...table(
      columns,
      formatting.results.map((result) =>
        columns.map((column) => cell((result as unknown as Record<string, unknown>)[column])),
      ),
    ),
  ];
}

/** The generated block: summary, CPU use per run, formatter figures. Everything else in BENCHMARKS.md is prose. */
export function renderFiguresBlock(results: BenchResults): string {
  const { machine } = results;
  const lines = [
    BLOCK_START,
    `<!-- Rewritten by \`npm run bench\` (bench/main.ts) from bench/results/latest.json; edits here are lost. -->`,
    '',
    `Last run: ${day(results.generatedAt)} UTC on ${results.broker}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (load average ${machine.loadAverageAtStart} at the start).`,
    '',
    ...table(
      ['figure', 'measured', 'ratio to its baseline', 'target', 'met', 'measured at (UTC)'],
      summaryRows(results.benchmarks),
    ),
  ];
  const cpu = cpuRows(results.benchmarks);
  if (cpu.length > 0)
    lines.push(
      '',
      `Cores used over each measured window (${machine.cpus} on this machine; "machine" counts every process, other users' included):`,
      '',
      ...table(['run', 'by process', 'machine'], cpu),
    );
  lines.push(...formattingRows(results.benchmarks), BLOCK_END);
  return lines.join('\n');
}

/** Replaces the marked block in BENCHMARKS.md (appending one if the markers are missing), keeping all other text. */
export function writeFiguresBlock(path: string, block: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  const updated =
    start !== -1 && end > start
      ? `${text.slice(0, start)}${block}${text.slice(end + BLOCK_END.length)}`
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(`${path}.tmp`, updated);
  renameSync(`${path}.tmp`, path);
}
