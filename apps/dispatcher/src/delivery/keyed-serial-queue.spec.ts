import { KeyedSerialQueue, SerialTask, TaskEvicted } from './keyed-serial-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const task = (run: () => Promise<void>): SerialTask => ({ run });

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key one at a time, in order', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const first = deferred();
    void queue.enqueue(
      'a',
      task(async () => {
        log.push('a1 start');
        await first.promise;
        log.push('a1 end');
      }),
    );
    void queue.enqueue(
      'a',
      task(async () => {
        log.push('a2');
      }),
    );
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
    void queue.enqueue(
      'slow',
      task(() => stuck.promise),
    );
    await queue.enqueue(
      'fast',
      task(async () => {
        done.push('fast');
      }),
    );
    expect(done).toEqual(['fast']);
    expect(queue.size).toBe(1);
    stuck.resolve();
    await queue.whenIdle();
    expect(queue.size).toBe(0);
  });

  it('keeps going after a failed task and reports the failure to its caller', async () => {
    const queue = new KeyedSerialQueue();
    const failing = queue.enqueue(
      'a',
      task(async () => {
        throw new Error('boom');
      }),
    );
    const next = queue.enqueue(
      'a',
      task(async () => undefined),
    );
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
  });

  it('reports a task throwing before it returns a promise like one that rejects', async () => {
    const queue = new KeyedSerialQueue();
    const throwing = queue.enqueue('a', {
      run: () => {
        throw new Error('sync boom');
      },
    });
    const next = queue.enqueue(
      'a',
      task(async () => undefined),
    );
    await expect(throwing).rejects.toThrow('sync boom');
    await expect(next).resolves.toBeUndefined();
    expect(queue.size).toBe(0);
  });

  it('already counts a task out when its caller continues', async () => {
    const queue = new KeyedSerialQueue();
    const sizes: number[] = [];
    await queue
      .enqueue(
        'a',
        task(async () => undefined),
      )
      .then(() => sizes.push(queue.size));
    expect(sizes).toEqual([0]);
  });

  it('keeps 100 tasks of a key in order while other keys interleave', async () => {
    const queue = new KeyedSerialQueue();
    const seen: Record<string, number[]> = { a: [], b: [] };
    for (let i = 0; i < 100; i += 1) {
      for (const key of ['a', 'b']) {
        void queue.enqueue(
          key,
          task(async () => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
            seen[key].push(i);
          }),
        );
      }
    }
    await queue.whenIdle();
    expect(seen.a).toEqual([...Array(100).keys()]);
    expect(seen.b).toEqual([...Array(100).keys()]);
  });

  describe('backlogs and eviction', () => {
    interface Numbered extends SerialTask {
      n: number;
    }

    /** A queue on a fake clock whose tasks wait until released, and record when they ran. */
    function harness() {
      let now = 1_000;
      const queue = new KeyedSerialQueue<Numbered>(() => now);
      const ran: string[] = [];
      const releases = new Map<string, () => void>();
      const enqueue = (key: string, n: number) =>
        queue.enqueue(key, {
          n,
          run: () =>
            new Promise<void>((resolve) => {
              ran.push(`${key}${n}`);
              releases.set(key, resolve);
            }),
        });
      const release = async (key: string) => {
        releases.get(key)!();
        await tick();
      };
      return { queue, ran, enqueue, release, advance: (ms: number) => (now += ms) };
    }

    it('lists the keys with tasks waiting, and since when their running task runs', async () => {
      const { queue, enqueue, release, advance } = harness();
      for (let n = 1; n <= 4; n += 1) void enqueue('a', n);
      void enqueue('b', 1);
      advance(500);
      for (let n = 1; n <= 2; n += 1) void enqueue('c', n);
      expect(queue.backlogs()).toEqual([
        { key: 'a', waiting: 3, runningSince: 1_000 },
        { key: 'c', waiting: 1, runningSince: 1_500 },
      ]);
      advance(250);
      await release('a');
      expect(queue.backlogs()).toContainEqual({ key: 'a', waiting: 2, runningSince: 1_750 });
    });

    it('takes back the latest waiting tasks beyond `keep`, in order, and never the running one', async () => {
      const { queue, ran, enqueue, release } = harness();
      const results = Array.from({ length: 6 }, (_, i) => enqueue('a', i + 1));
      void enqueue('b', 1);
      expect(queue.size).toBe(7);

      const evicted = queue.evict('a', 2);
      expect(evicted.map((t) => t.n)).toEqual([4, 5, 6]);
      expect(queue.size).toBe(4);
      for (const result of results.slice(3)) await expect(result).rejects.toBeInstanceOf(TaskEvicted);

      await release('a');
      await release('a');
      await release('a');
      await expect(Promise.all(results.slice(0, 3))).resolves.toBeDefined();
      expect(ran.filter((r) => r.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
      expect(queue.size).toBe(1);
      await release('b');
      await queue.whenIdle();
    });

    it('evicts nothing from a key with no more than `keep` waiting, or an unknown key', async () => {
      const { queue, enqueue } = harness();
      void enqueue('a', 1);
      const second = enqueue('a', 2);
      expect(queue.evict('a', 1)).toEqual([]);
      expect(queue.evict('z', 0)).toEqual([]);
      expect(queue.evict('a', 0).map((t) => t.n)).toEqual([2]);
      expect(queue.backlogs()).toEqual([]);
      expect(queue.size).toBe(1);
      await expect(second).rejects.toBeInstanceOf(TaskEvicted);
    });

    it('lets a key whose waiting tasks were evicted take new tasks after its running one', async () => {
      const { queue, ran, enqueue, release } = harness();
      void enqueue('a', 1);
      void enqueue('a', 2).catch(() => undefined);
      queue.evict('a', 0);
      const third = enqueue('a', 3);
      await release('a');
      await release('a');
      await expect(third).resolves.toBeUndefined();
      expect(ran).toEqual(['a1', 'a3']);
      await queue.whenIdle();
    });
  });
});
