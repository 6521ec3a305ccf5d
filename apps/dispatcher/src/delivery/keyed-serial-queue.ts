/**
 * Runs tasks one after another per key (a subscription's deliveries, in the order they were
 * read) and concurrently across keys. A task's failure does not stop the tasks queued after it;
 * the caller gets it from `enqueue`.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private unfinished = 0;
  private idleWaiters: (() => void)[] = [];

  /** Tasks queued or running. */
  get size(): number {
    return this.unfinished;
  }

  enqueue(key: string, task: () => Promise<void>): Promise<void> {
    this.unfinished += 1;
    const run = (this.tails.get(key) ?? Promise.resolve()).then(task).finally(() => {
      // Book-keeping first, so the caller's continuation already sees the task gone.
      this.unfinished -= 1;
      if (this.tails.get(key) === tail) this.tails.delete(key);
      if (this.unfinished === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
    });
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    return run;
  }

  /** Resolves once no task is queued or running. */
  whenIdle(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
