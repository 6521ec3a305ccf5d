/** A unit of work for KeyedSerialQueue; the object itself is what `evict` hands back. */
export interface SerialTask {
  run(): Promise<void>;
}

/** The rejection of `enqueue` for a task taken back by `evict` before it started. */
export class TaskEvicted extends Error {
  constructor() {
    super('task evicted from the queue before it started');
    this.name = 'TaskEvicted';
  }
}

/** A key with tasks waiting behind its running one. */
export interface Backlog {
  key: string;
  /** Tasks waiting, not counting the running one. */
  waiting: number;
  /** When the running task started (the `now` clock). */
  runningSince: number;
}

interface Entry<T> {
  task: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Lane<T> {
  waiting: Entry<T>[];
  runningSince: number;
}

/**
 * Runs tasks one after another per key (a subscription's deliveries, in the order they were
 * read) and concurrently across keys. A task's failure does not stop the tasks queued after it;
 * the caller gets it from `enqueue`. Tasks not yet started can be taken back (`evict`), which is
 * how a key hogging the queue gives up its backlog.
 */
export class KeyedSerialQueue<T extends SerialTask = SerialTask> {
  private readonly lanes = new Map<string, Lane<T>>();
  private unfinished = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Tasks queued or running. */
  get size(): number {
    return this.unfinished;
  }

  /** Resolves or rejects as the task does; rejects with TaskEvicted if it is evicted before it starts. */
  enqueue(key: string, task: T): Promise<void> {
    this.unfinished += 1;
    return new Promise<void>((resolve, reject) => {
      const entry = { task, resolve, reject };
      const lane = this.lanes.get(key);
      if (lane) {
        lane.waiting.push(entry);
        return;
      }
      const started: Lane<T> = { waiting: [], runningSince: 0 };
      this.lanes.set(key, started);
      this.start(key, started, entry);
    });
  }

  /** The keys with tasks waiting behind their running one. */
  backlogs(): Backlog[] {
    const backlogs: Backlog[] = [];
    for (const [key, lane] of this.lanes) {
      if (lane.waiting.length > 0) {
        backlogs.push({ key, waiting: lane.waiting.length, runningSince: lane.runningSince });
      }
    }
    return backlogs;
  }

  /**
   * Takes back the tasks of `key` waiting after its first `keep` waiting ones (the latest read) and
   * returns them in queue order; their `enqueue` promises reject with TaskEvicted. The running task
   * is never evicted.
   */
  evict(key: string, keep: number): T[] {
    const lane = this.lanes.get(key);
    if (!lane || lane.waiting.length <= keep) return [];
    const evicted = lane.waiting.splice(keep);
    this.unfinished -= evicted.length;
    for (const entry of evicted) entry.reject(new TaskEvicted());
    return evicted.map((entry) => entry.task);
  }

  /** Resolves once no task is queued or running. */
  whenIdle(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(key: string, lane: Lane<T>, entry: Entry<T>): void {
    lane.runningSince = this.now();
    let running: Promise<void>;
    try {
      running = entry.task.run();
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      () => this.settle(key, lane, () => entry.resolve()),
      (error: unknown) => this.settle(key, lane, () => entry.reject(error)),
    );
  }

  private settle(key: string, lane: Lane<T>, settleEntry: () => void): void {
    // Book-keeping first, so the caller's continuation already sees the task gone.
    this.unfinished -= 1;
    const next = lane.waiting.shift();
    if (next) this.start(key, lane, next);
    else this.lanes.delete(key);
    settleEntry();
    if (this.unfinished === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
  }
}
