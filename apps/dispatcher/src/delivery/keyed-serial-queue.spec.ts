import { KeyedSerialQueue } from './keyed-serial-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const first = deferred();
    void queue.enqueue('a', async () => {
      log.push('a1 start');
      await first.promise;
      log.push('a1 end');
    });
    void queue.enqueue('a', async () => {
      log.push('a2');
    });
    await tick();
    expect(log).toEqual(['a1 start']);
    first.resolve();
    await queue.whenIdle();
    expect(log).toEqual(['a1 start', 'a1 end', 'a2']);
  });

  it('runs different keys concurrently: a stuck key does not hold another', async () => {
    const queue = new KeyedSerialQueue();
    const stuck = deferred();
    const done: string[] = [];
    void queue.enqueue('slow', () => stuck.promise);
    await queue.enqueue('fast', async () => {
      done.push('fast');
    });
    expect(done).toEqual(['fast']);
    expect(queue.size).toBe(1);
    stuck.resolve();
    await queue.whenIdle();
    expect(queue.size).toBe(0);
  });

  it('keeps going after a failed task and reports the failure to its caller', async () => {
    const queue = new KeyedSerialQueue();
    const failing = queue.enqueue('a', async () => {
      throw new Error('boom');
    });
    const next = queue.enqueue('a', async () => undefined);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });

  it('keeps 100 tasks of a key in order while other keys interleave', async () => {
    const queue = new KeyedSerialQueue();
    const seen: Record<string, number[]> = { a: [], b: [] };
    for (let i = 0; i < 100; i += 1) {
      for (const key of ['a', 'b']) {
        void queue.enqueue(key, async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
          seen[key].push(i);
        });
      }
    }
    await queue.whenIdle();
    expect(seen.a).toEqual([...Array(100).keys()]);
    expect(seen.b).toEqual([...Array(100).keys()]);
  });
});
