import fc from 'fast-check';
import {
  LeaderLock,
  OutboxPublisher,
  OutboxRelay,
  OutboxRow,
  OutboxStore,
  RelayOptions,
} from './outbox-relay';

class FakeStore implements OutboxStore {
  rows: (OutboxRow & { published: boolean })[] = [];
  failNextFetch = 0;
  failNextMark = 0;
  private nextId = 1;

  add(aggregateId: string, revision: number | null): void {
    const payload = revision === null ? null : ({ id: aggregateId, revision } as OutboxRow['payload']);
    this.rows.push({ id: String(this.nextId++), aggregateId, payload, published: false });
  }

  unpublishedIds(): string[] {
    return this.rows.filter((row) => !row.published).map((row) => row.id);
  }

  async fetchUnpublished(limit: number): Promise<OutboxRow[]> {
    if (this.failNextFetch > 0 && this.failNextFetch--) throw new Error('database unreachable');
    return this.rows
      .filter((row) => !row.published)
      .slice(0, limit)
      .map(({ id, aggregateId, payload }) => ({ id, aggregateId, payload }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (this.failNextMark > 0 && this.failNextMark--) throw new Error('database unreachable');
    for (const row of this.rows) if (ids.includes(row.id)) row.published = true;
  }

  async prunePublished(): Promise<void> {}
}

/** Records what reached "Kafka"; can fail whole sends or deliver only a prefix and then fail. */
class FakePublisher implements OutboxPublisher {
  readonly log: OutboxRow[] = [];
  readonly sends: string[][] = [];
  failNext = 0;
  partialNext = 0;
  async publish(rows: readonly OutboxRow[]): Promise<void> {
    if (this.failNext > 0 && this.failNext--) throw new Error('broker unreachable');
    if (this.partialNext > 0 && this.partialNext-- && rows.length > 1) {
      this.log.push(...rows.slice(0, Math.floor(rows.length / 2)));
      throw new Error('some partitions failed');
    }
    this.sends.push(rows.map((row) => row.id));
    this.log.push(...rows);
  }
}

class FakeLock implements LeaderLock {
  held = false;
  available = true;
  async tryAcquire(): Promise<boolean> {
    this.held = this.available;
    return this.held;
  }
  async release(): Promise<void> {
    this.held = false;
  }
}

const quietLogger = { log: () => undefined, warn: () => undefined };

function setup(overrides: Partial<RelayOptions> = {}) {
  const store = new FakeStore();
  const publisher = new FakePublisher();
  const lock = new FakeLock();
  const published: number[] = [];
  const relay = new OutboxRelay(store, publisher, lock, {
    pollIntervalMs: 200,
    standbyRetryMs: 1000,
    batchSize: 3,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    retentionMs: 1000,
    pruneEveryMs: 1000,
    stopGraceMs: 100,
    onPublished: (count) => published.push(count),
    logger: quietLogger,
    ...overrides,
  });
  return { store, publisher, lock, relay, published };
}

/** Steps until nothing is left to publish (bounded). */
async function drain(relay: OutboxRelay, store: FakeStore, maxSteps = 200): Promise<void> {
  for (let i = 0; i < maxSteps && store.unpublishedIds().length > 0; i++) await relay.step();
}

describe('OutboxRelay', () => {
  it('publishes rows in id order, in batches, and marks them published', async () => {
    const { store, publisher, relay, published } = setup();
    for (let i = 1; i <= 7; i++) store.add(`sub-${i % 2}`, i);
    expect(await relay.step()).toEqual({ waitMs: 0, idle: false });
    await drain(relay, store);
    expect(publisher.sends).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(published).toEqual([3, 3, 1]);
    expect(store.unpublishedIds()).toEqual([]);
    expect(await relay.step()).toEqual({ waitMs: 200, idle: true });
    expect(relay.status).toMatchObject({ role: 'leader', kafka: 'up', consecutiveFailures: 0 });
  });

  it('keeps rows while Kafka is down and retries from the first unpublished row with growing backoff', async () => {
    const { store, publisher, relay } = setup();
    store.add('a', 1);
    store.add('a', 2);
    store.add('b', 1);
    publisher.failNext = 5;
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push((await relay.step()).waitMs);
    expect(waits).toEqual([100, 200, 400, 800, 1000]);
    expect(relay.status).toMatchObject({ kafka: 'down', consecutiveFailures: 5 });
    expect(relay.status.lastError).toMatch(/kafka: broker unreachable/);
    expect(store.unpublishedIds()).toEqual(['1', '2', '3']);
    await relay.step();
    expect(publisher.sends).toEqual([['1', '2', '3']]);
    expect(relay.status).toMatchObject({ kafka: 'up', consecutiveFailures: 0 });
  });

  it('after a partly published batch, publishes again from the first unpublished row (duplicates, never gaps or reordering)', async () => {
    const { store, publisher, relay } = setup({ batchSize: 4 });
    for (let i = 1; i <= 4; i++) store.add('a', i);
    publisher.partialNext = 1;
    await relay.step();
    await drain(relay, store);
    expect(publisher.log.map((row) => row.id)).toEqual(['1', '2', '1', '2', '3', '4']);
    expect(publisher.log.at(-1)?.payload?.revision).toBe(4);
  });

  it('republishes rows whose published mark could not be written', async () => {
    const { store, publisher, relay } = setup();
    store.add('a', 1);
    store.failNextMark = 1;
    expect((await relay.step()).waitMs).toBe(100);
    await drain(relay, store);
    expect(publisher.log.map((row) => row.id)).toEqual(['1', '1']);
  });

  it('backs off when the database fails', async () => {
    const { store, publisher, relay } = setup();
    store.add('a', 1);
    store.failNextFetch = 1;
    expect(await relay.step()).toEqual({ waitMs: 100, idle: false });
    expect(relay.status.lastError).toMatch(/database: database unreachable/);
    await drain(relay, store);
    expect(publisher.sends).toEqual([['1']]);
  });

  it('stays on standby without the lock, and takes over when it frees up', async () => {
    const { store, publisher, lock, relay } = setup();
    store.add('a', 1);
    lock.available = false;
    expect(await relay.step()).toEqual({ waitMs: 1000, idle: false });
    expect(relay.status.role).toBe('standby');
    expect(publisher.sends).toEqual([]);
    lock.available = true;
    await relay.step();
    expect(relay.status.role).toBe('leader');
    expect(publisher.sends).toEqual([['1']]);
  });

  it('publishes a tombstone for a null payload', async () => {
    const { store, publisher, relay } = setup();
    store.add('a', 1);
    store.add('a', null);
    await relay.step();
    expect(publisher.log.map((row) => row.payload)).toEqual([{ id: 'a', revision: 1 }, null]);
  });

  it('never drops or reorders, whatever fails when (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('add' as const), key: fc.constantFrom('a', 'b', 'c') }),
            fc.record({
              kind: fc.constantFrom(
                'fail' as const,
                'partial' as const,
                'failMark' as const,
                'failFetch' as const,
              ),
            }),
            fc.record({ kind: fc.constant('step' as const) }),
          ),
          { maxLength: 60 },
        ),
        async (script) => {
          const { store, publisher, relay } = setup({ batchSize: 3 });
          const revisions: Record<string, number> = {};
          for (const action of script) {
            if (action.kind === 'add')
              store.add(action.key, (revisions[action.key] = (revisions[action.key] ?? 0) + 1));
            else if (action.kind === 'fail') publisher.failNext++;
            else if (action.kind === 'partial') publisher.partialNext++;
            else if (action.kind === 'failMark') store.failNextMark++;
            else if (action.kind === 'failFetch') store.failNextFetch++;
            else await relay.step();
          }
          await drain(relay, store, 1000);
          expect(store.unpublishedIds()).toEqual([]);
          // Every complete send starts at the oldest unpublished row and is contiguous.
          const ids = publisher.log.map((row) => Number(row.id));
          for (let i = 1; i < ids.length; i++)
            expect(ids[i] === ids[i - 1] + 1 || ids[i] <= ids[i - 1]).toBe(true);
          // Each row reached Kafka, and per key the last record seen is the latest revision.
          expect(new Set(ids).size).toBe(store.rows.length);
          const last: Record<string, number> = {};
          for (const row of publisher.log) last[row.aggregateId] = row.payload!.revision;
          expect(last).toEqual(revisions);
        },
      ),
      { numRuns: 200 },
    );
  });

  describe('running', () => {
    it('publishes at once when woken instead of waiting for the next poll', async () => {
      const { store, publisher, relay } = setup({ pollIntervalMs: 60_000 });
      relay.start();
      await new Promise((resolve) => setTimeout(resolve, 20));
      store.add('a', 1);
      relay.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(publisher.sends).toEqual([['1']]);
      await relay.stop();
      expect(relay.status.role).toBe('stopped');
    });

    it('does not cut a backoff short when woken', async () => {
      const { store, publisher, relay } = setup({ backoffInitialMs: 60_000, backoffMaxMs: 60_000 });
      store.add('a', 1);
      publisher.failNext = 1;
      relay.start();
      await new Promise((resolve) => setTimeout(resolve, 20));
      relay.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(publisher.sends).toEqual([]);
      await relay.stop();
    });

    it('stops within the grace period even when a step hangs (e.g. a publish waiting for Kafka)', async () => {
      const { store, publisher, lock, relay } = setup({ stopGraceMs: 50 });
      store.add('a', 1);
      publisher.publish = () => new Promise<void>(() => undefined);
      relay.start();
      await new Promise((resolve) => setTimeout(resolve, 10));
      const started = Date.now();
      await relay.stop();
      expect(Date.now() - started).toBeLessThan(1000);
      expect(lock.held).toBe(false);
    });
  });
});
