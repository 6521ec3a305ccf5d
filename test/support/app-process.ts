import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '../../tools/support/src';

// Found by walking up, so this also works compiled into dist/ (the benchmarks import it from there).
const ROOT = findRepoRoot(__dirname);
export const APP_ENTRY = {
  subscriptions: join(ROOT, 'dist/apps/subscriptions/src/main.js'),
  dispatcher: join(ROOT, 'dist/apps/dispatcher/src/main.js'),
} as const;

/** A built app running as a child process, the way it runs in production. */
export class AppProcess {
  private output = '';
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  readonly child: ChildProcess;

  constructor(
    readonly name: string,
    entry: string,
    env: Record<string, string>,
    readonly url: string,
  ) {
    this.child = spawn(process.execPath, [entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  get logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Resolves when GET /readyz answers 200; rejects with the app's output if it exits or times out. */
  async waitUntilReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`${this.name} exited with ${this.exitCode} before it was ready:\n${this.tail()}`);
      try {
        const response = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** The exit code, or 'still running' if the process has not exited within `timeoutMs`; leaves no timer behind. */
  async exitCodeWithin(timeoutMs: number): Promise<number | null | 'still running'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'still running'>(
      (resolve) => (timer = setTimeout(() => resolve('still running'), timeoutMs)),
    );
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<number | null> {
    if (!this.running) return this.exitCode ?? null;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): Promise<number | null> {
    return this.stop('SIGKILL', 0);
  }

  tail(lines = 60): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }
}
