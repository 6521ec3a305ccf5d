import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User plus system CPU seconds a process has used, children excluded; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Processes whose parent is `pid` (from /proc). */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

/** Resident set size in bytes; undefined once the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine (every process, other users' included). */
function machineCpu(): { busy: number } {
  // user nice system idle iowait irq softirq steal (guest time is already counted in user)
  const fields = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: (total - fields[3] - fields[4]) / CLOCK_TICKS };
}

/** Cores used on average over a window: per named process, and by the whole machine. */
export interface CpuUse {
  /** Name → cores (1.0 = one core busy for the whole window). */
  processes: Record<string, number>;
  /** Every process on the machine, ours and anyone else's. */
  machine: number;
}

/** Measures CPU use between `start` and `stop`. */
export class CpuMeter {
  private readonly before: Map<string, number | undefined>;
  private readonly machineBefore = machineCpu();
  private readonly startedAt = performance.now();

  private constructor(private readonly pids: Record<string, number>) {
    this.before = new Map(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  }

  static start(pids: Record<string, number>): CpuMeter {
    return new CpuMeter(pids);
  }

  stop(): CpuUse {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const processes: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids)) {
      const before = this.before.get(name);
      const after = cpuSeconds(pid);
      if (before !== undefined && after !== undefined) processes[name] = round2((after - before) / seconds);
    }
    return { processes, machine: round2((machineCpu().busy - this.machineBefore.busy) / seconds) };
  }
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
