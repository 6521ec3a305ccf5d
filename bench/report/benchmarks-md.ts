import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
  const failed = (label: string, name: BenchmarkName): boolean => {
    const entry = entries[name];
    if (!isFailed(entry)) return false;
    rows.push([label, `failed: ${entry.error.split('\n')[0]}`, '', '', '', day(entry.measuredAt)]);
    return true;
  };

  const baseline = figures(entries, 'baseline');
  if (!failed('1. Baseline: kafkajs eachBatch + undici, no logic', 'baseline') && baseline)
    rows.push([
      '1. Baseline: kafkajs eachBatch + undici, no logic',
      `${n(baseline.eventsPerSecond)} events/s`,
      '1.00×',
      '',
      '',
      day(baseline.measuredAt),
    ]);

  const e2e = figures(entries, 'endToEnd');
  if (!failed('2. End to end, one matching subscription per event', 'endToEnd') && e2e)
    rows.push([
      '2. End to end, one matching subscription per event',
      `${n(e2e.eventsPerSecond)} events/s`,
      ratio(e2e.ratioToBaseline),
      e2e.target.description,
      met(e2e.target),
      day(e2e.measuredAt),
    ]);

  const latency = figures(entries, 'latency');
  if (!failed('3. Latency, produce → receiver', 'latency') && latency) {
    const point = (p: LatencyPoint): string =>
      `p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms at ${n(p.eventsPerSecond)} events/s`;
    const others = latency.points.filter((p) => p.fractionOfPeak !== 0.5);
    rows.push([
      '3. Latency, produce → receiver, at half the peak',
      [
        point(latency.atHalfPeak),
        ...others.map((p) => `(at ${p.fractionOfPeak * 100}% of the peak: ${point(p)})`),
      ].join(' '),
      '',
      latency.target.description,
      met(latency.target),
      day(latency.measuredAt),
    ]);
  }

  const fanOut = figures(entries, 'fanOut');
  if (!failed('4. Fan-out', 'fanOut') && fanOut)
    rows.push([
      `4. Fan-out: one event → ${n(fanOut.subscriptions)} subscriptions`,
      `all received in ${n(fanOut.medianAllMs)} ms (median of ${fanOut.runs.length}; ${n(fanOut.deliveriesPerSecond)} deliveries/s)`,
      ratio(fanOut.ratioToBaseline),
      '',
      '',
      day(fanOut.measuredAt),
    ]);

  const matching = figures(entries, 'matching');
  if (!failed('5. Matching cost per event', 'matching') && matching)
    rows.push([
      '5. Matching cost per event',
      matching.results.map((r) => `${n(r.subscriptions)} subs: ${n(r.nsPerEvent)} ns`).join('; '),
      '',
      `${matching.target.description} (is ${ratio(matching.ratio100kTo1k)})`,
      met(matching.target),
      day(matching.measuredAt),
    ]);

  const memory = figures(entries, 'memory');
  if (!failed('6. Dispatcher RSS', 'memory') && memory)
    rows.push([
      `6. Dispatcher RSS, ${n(memory.subscriptions)} subscriptions, sustained backlog of ${n(memory.maxBacklogEvents)} events`,
      `ready ${memory.rssAtReadyMb} MB; under backlog ${memory.rssMb.min}–${memory.rssMb.max} MB (first quarter ${memory.rssMb.firstQuarterMean}, last ${memory.rssMb.lastQuarterMean}); ${n(memory.deliveredPerSecond)} events/s delivered`,
      ratio(memory.ratioToBaseline),
      memory.target.description,
      met(memory.target),
      day(memory.measuredAt),
    ]);

  const scale = figures(entries, 'scale');
  if (!failed('7. Scale', 'scale') && scale)
    rows.push([
      `7. Scale, ${scale.partitions} partitions: 1 / 2 replicas`,
      `${n(scale.oneReplica.eventsPerSecond)} / ${n(scale.twoReplicas.eventsPerSecond)} events/s (${ratio(scale.speedup)})`,
      `${ratio(scale.ratioToBaseline.oneReplica)} / ${ratio(scale.ratioToBaseline.twoReplicas)}`,
      '',
      '',
      day(scale.measuredAt),
    ]);

  const busy = figures(entries, 'busySubscription');
  if (!failed('8. One busy subscription', 'busySubscription') && busy)
    rows.push([
      '8. One busy subscription: every event for it (delivered one at a time, in order)',
      `${n(busy.eventsPerSecond)} events/s`,
      ratio(busy.ratioToBaseline),
      '',
      '',
      day(busy.measuredAt),
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
  add('1. Baseline', figures(entries, 'baseline')?.cpu);
  add('2. End to end', figures(entries, 'endToEnd')?.cpu);
  for (const point of figures(entries, 'latency')?.points ?? [])
    add(`3. Latency at ${n(point.eventsPerSecond)} events/s (produce phase)`, point.cpu);
  add('7. Scale, 2 replicas', figures(entries, 'scale')?.twoReplicas.cpu);
  add('8. One busy subscription', figures(entries, 'busySubscription')?.cpu);
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
    `Last run: ${day(results.generatedAt)} UTC on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node} (load average ${machine.loadAverageAtStart} at the start).`,
    '',
    ...table(
      ['figure', 'measured', 'ratio to baseline', 'target', 'met', 'measured at (UTC)'],
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
