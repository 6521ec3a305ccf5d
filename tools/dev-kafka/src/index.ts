/**
 * The dev Kafka broker: a librdkafka mock cluster run by the C launcher in tools/dev-kafka, kept for
 * what Apache Kafka cannot do on request: fail requests with injected errors and delay answers
 * (test/faults/broker-faults.e2e-spec.ts). It has no Admin API and no idempotent producer.
 */
import { ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { findRepoRoot } from '../../support/src';

const MOCK_HEADER = '/usr/include/librdkafka/rdkafka_mock.h';
const INSTALL_COMMAND = 'sudo apt-get install -y librdkafka-dev build-essential';
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 8_000;

function launcherPaths(): { dir: string; source: string; binary: string } {
  const dir = join(findRepoRoot(), 'tools', 'dev-kafka');
  return { dir, source: join(dir, 'dev-kafka.c'), binary: join(dir, 'build', 'dev-kafka') };
}

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`.trim()));
      } else {
        resolve();
      }
    });
  });
}

async function installToolchain(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `The dev Kafka broker needs librdkafka's mock cluster headers and a C compiler. Run: ${INSTALL_COMMAND}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], env);
  await run('apt-get', ['install', '-y', '-qq', 'librdkafka-dev', 'build-essential'], env);
}

let building: Promise<string> | undefined;

/**
 * Returns the launcher binary's path, building it first when it is missing or older than its
 * source. Installs the toolchain through apt when run as root; otherwise says what to run.
 * The Makefile renames a finished binary into place, so concurrent builds are safe.
 */
export function ensureDevKafkaBuilt(): Promise<string> {
  building ??= buildIfStale().finally(() => {
    building = undefined;
  });
  return building;
}

async function buildIfStale(): Promise<string> {
  const { dir, source, binary } = launcherPaths();
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  if (!existsSync(MOCK_HEADER) || !isOnPath('cc') || !isOnPath('make')) await installToolchain();
  await run('make', ['-C', dir]);
  return binary;
}

export interface DevKafkaOptions {
  /** Number of brokers, ids 1..N (default 3). */
  brokers?: number;
  /** Topics to create up front; others are auto-created with 4 partitions. */
  topics?: { name: string; partitions: number }[];
}

interface PendingAnswer {
  resolve: (answer: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

/** Keeps the last few KB of the launcher's stderr for error messages. */
class StderrTail {
  private text = '';

  append(chunk: string): void {
    this.text = (this.text + chunk).slice(-STDERR_TAIL_CHARS);
  }

  /** The tail on its own line, or nothing. */
  suffix(): string {
    const trimmed = this.text.trim();
    return trimmed ? `\n${trimmed}` : '';
  }
}

/** A running dev Kafka cluster, controlled through the launcher's stdin command protocol. */
/**
 * Fetch wait (ms) for consumers of the dev broker. It holds a fetch with nothing new for the whole
 * wait instead of answering when records arrive as Kafka does, so each hop of a caught-up consumer
 * costs up to its wait: `npm start` and the benchmarks give the dispatcher this one
 * (DISPATCHER_FETCH_MAX_WAIT) rather than its default of 100 ms.
 */
export const DEV_KAFKA_FETCH_MAX_WAIT_MS = 10;

export class DevKafka {
  readonly pid: number;
  private readonly pending: PendingAnswer[] = [];
  private readonly exited: Promise<void>;
  private exitReason: string | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly stderr: StderrTail,
    readonly bootstrapServers: string[],
    readonly brokerIds: number[],
    lines: AsyncIterator<string>,
  ) {
    this.pid = child.pid ?? -1;
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        this.exitReason = `dev-kafka exited (${signal ?? `code ${code}`})`;
        const error = new Error(`${this.exitReason}${this.stderr.suffix()}`);
        for (const waiter of this.pending.splice(0)) waiter.reject(error);
        resolve();
      });
    });
    void this.readAnswers(lines);
  }

  static async start(options: DevKafkaOptions = {}): Promise<DevKafka> {
    const binary = await ensureDevKafkaBuilt();
    const args = ['--brokers', String(options.brokers ?? 3)];
    for (const topic of options.topics ?? []) args.push('--topic', `${topic.name}:${topic.partitions}`);

    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr = new StderrTail();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => stderr.append(chunk));
    // Writing to a launcher that has just exited fails with EPIPE; 'close' reports the exit.
    child.stdin.on('error', () => undefined);
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();

    const first = await new Promise<string>((resolve, reject) => {
      const fail = (reason: string): void => {
        clearTimeout(timer);
        child.off('close', onClose);
        reject(new Error(`dev-kafka failed to start: ${reason}${stderr.suffix()}`));
      };
      const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
        fail(`exited (${signal ?? `code ${code}`})`);
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(`no bootstrap line within ${START_TIMEOUT_MS} ms`);
      }, START_TIMEOUT_MS);
      child.once('close', onClose);
      child.once('error', (error) => fail(error.message));
      lines.next().then((result) => {
        if (result.done) return;
        clearTimeout(timer);
        child.off('close', onClose);
        resolve(result.value);
      }, reject);
    });

    const hello = JSON.parse(first) as { bootstrapServers: string; brokers: number[] };
    return new DevKafka(child, stderr, hello.bootstrapServers.split(','), hello.brokers, lines);
  }

  /** Sends one command line and resolves with its JSON answer; rejects when the answer is ok:false. */
  command(line: string): Promise<Record<string, unknown>> {
    if (line.includes('\n')) return Promise.reject(new Error('a dev-kafka command is a single line'));
    if (this.exitReason) return Promise.reject(new Error(this.exitReason));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${line}\n`);
    });
  }

  /** Disconnects the broker and refuses new connections (no leader change). */
  down(id: number): Promise<Record<string, unknown>> {
    return this.command(`down ${id}`);
  }

  up(id: number): Promise<Record<string, unknown>> {
    return this.command(`up ${id}`);
  }

  /** Delays every response of the broker by `ms`. */
  rtt(id: number, ms: number): Promise<Record<string, unknown>> {
    return this.command(`rtt ${id} ${ms}`);
  }

  /** Fails the next `count` requests of `api` (e.g. 'Produce') with `code` (number or name). */
  error(api: string, count: number, code: number | string): Promise<Record<string, unknown>> {
    return this.command(`error ${api} ${count} ${code}`);
  }

  /** Closes stdin so the launcher exits cleanly; SIGKILLs it if it is still alive after 5 s. */
  async stop(): Promise<void> {
    if (!this.exitReason) {
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.exited;
      clearTimeout(timer);
    }
  }

  private async readAnswers(lines: AsyncIterator<string>): Promise<void> {
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const waiter = this.pending.shift();
      if (!waiter) continue;
      let answer: Record<string, unknown>;
      try {
        answer = JSON.parse(next.value) as Record<string, unknown>;
      } catch {
        waiter.reject(new Error(`dev-kafka answered with invalid JSON: ${next.value}`));
        continue;
      }
      if (answer.ok === true) waiter.resolve(answer);
      else waiter.reject(new Error(`dev-kafka: ${String(answer.error ?? next.value)}`));
    }
  }
}
