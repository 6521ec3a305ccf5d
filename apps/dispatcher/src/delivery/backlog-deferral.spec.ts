import { DeliveryRecord } from '@app/events';
import pino from 'pino';
import { OutgoingRecord } from '@app/common';
import { Metrics } from '../metrics/metrics';
import { delivery } from '../testing/fixtures';
import {
  BacklogDeferral,
  BacklogDeferralDependencies,
  DEFERRAL_MS,
  KEPT_WAITING,
  QueuedDelivery,
  STALLED_AFTER_MS,
} from './backlog-deferral';
import { KeyedSerialQueue, TaskEvicted } from './keyed-serial-queue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A deferral over a real queue on a fake clock; queued deliveries run until `release`d. */
function harness(deps: Partial<BacklogDeferralDependencies> = {}) {
  let now = 100_000;
  const clock = () => now;
  const queue = new KeyedSerialQueue<QueuedDelivery>(clock);
  const published: OutgoingRecord[] = [];
  const finished: string[] = [];
  const ran: string[] = [];
  const releases = new Map<string, () => void>();
  const metrics = new Metrics();
  const shutdown = new AbortController();
  const deferral = new BacklogDeferral({
    queue,
    publish: async (records) => void published.push(...records),
    isOrdered: () => false,
    metrics,
    log: pino({ level: 'silent' }),
    topicPrefix: 'p.',
    signal: shutdown.signal,
    now: clock,
    ...deps,
  });
  const enqueue = (subscriptionId: string, count: number, overrides: Partial<DeliveryRecord> = {}) => {
    for (let i = 0; i < count; i += 1) {
      const record = delivery({ subscriptionId, deliveryId: `${subscriptionId}-${i}`, ...overrides });
      queue
        .enqueue(subscriptionId, {
          delivery: record,
          run: () =>
            new Promise<void>((resolve) => {
              ran.push(record.deliveryId);
              releases.set(subscriptionId, resolve);
            }),
          finish: () => finished.push(record.deliveryId),
        })
        .catch((error: unknown) => {
          if (!(error instanceof TaskEvicted)) throw error;
        });
    }
  };
  const deferredValues = () => published.map((r) => JSON.parse(String(r.value)) as DeliveryRecord);
  return {
    queue,
    deferral,
    published,
    deferredValues,
    finished,
    ran,
    metrics,
    shutdown,
    enqueue,
    release: async (subscriptionId: string) => {
      releases.get(subscriptionId)!();
      await tick();
    },
    advance: (ms: number) => (now += ms),
    now: clock,
  };
}

describe('BacklogDeferral', () => {
  it("hands a stalled subscription's latest waiting records to the 10 s retry tier, unattempted", async () => {
    const h = harness();
    h.enqueue('slow', 20, { attempt: 3, notBefore: 90_000 });
    h.advance(STALLED_AFTER_MS);

    expect(h.deferral.deferStalled(10)).toBeUndefined();
    expect(h.queue.size).toBe(1 + KEPT_WAITING);
    expect(h.published.map((r) => [r.topic, r.key])).toEqual(
      Array.from({ length: 15 }, () => ['p.webhooks.retry.10000ms.v1', 'slow']),
    );
    // The latest records, in order, with the attempt number they had and a short notBefore.
    const values = h.deferredValues();
    expect(values.map((v) => v.deliveryId)).toEqual(
      Array.from({ length: 15 }, (_, i) => `slow-${i + 1 + KEPT_WAITING}`),
    );
    expect(values.every((v) => v.attempt === 3 && v.notBefore === h.now() + DEFERRAL_MS)).toBe(true);
    expect(values[0]).toEqual({
      ...delivery({ subscriptionId: 'slow', deliveryId: values[0].deliveryId, attempt: 3 }),
      notBefore: h.now() + DEFERRAL_MS,
    });
    expect((await h.metrics.deliveriesDeferred.get()).values[0].value).toBe(15);
  });

  it('finishes the deferred records only once Kafka acknowledged them, counting them until then', async () => {
    let acknowledge!: () => void;
    const h = harness({ publish: () => new Promise<void>((resolve) => (acknowledge = resolve)) });
    h.enqueue('slow', 10);
    h.advance(STALLED_AFTER_MS);
    h.deferral.deferStalled(1);
    expect(h.deferral.inProgress).toBe(10 - 1 - KEPT_WAITING);
    expect(h.finished).toEqual([]);

    acknowledge();
    await h.deferral.whenSettled();
    expect(h.deferral.inProgress).toBe(0);
    expect(h.finished).toEqual(['slow-5', 'slow-6', 'slow-7', 'slow-8', 'slow-9']);
  });

  it('keeps the running record and the next few, which then run in order', async () => {
    const h = harness();
    h.enqueue('slow', 10);
    h.advance(STALLED_AFTER_MS);
    h.deferral.deferStalled(1);
    for (let i = 0; i <= KEPT_WAITING; i += 1) await h.release('slow');
    expect(h.ran).toEqual(['slow-0', 'slow-1', 'slow-2', 'slow-3', 'slow-4']);
    expect(h.queue.size).toBe(0);
  });

  it('leaves a subscription whose delivery in progress is young: its endpoint may be fast', () => {
    const h = harness();
    h.enqueue('busy', 20);
    h.advance(STALLED_AFTER_MS - 1);
    expect(h.deferral.deferStalled(10)).toBe(h.now() + 1);
    expect(h.published).toEqual([]);
    expect(h.queue.size).toBe(20);
  });

  it('never defers an ordered subscription: that would deliver its backlog after later records', () => {
    const h = harness({ isOrdered: (id) => id === 'ordered' });
    h.enqueue('ordered', 20);
    h.advance(STALLED_AFTER_MS);
    expect(h.deferral.deferStalled(10)).toBeUndefined();
    expect(h.published).toEqual([]);
    expect(h.queue.size).toBe(20);
  });

  it('leaves backlogs no longer than what a deferred subscription would keep', () => {
    const h = harness();
    for (const id of ['a', 'b', 'c']) h.enqueue(id, 1 + KEPT_WAITING);
    h.advance(STALLED_AFTER_MS);
    expect(h.deferral.deferStalled(1)).toBeUndefined();
    expect(h.published).toEqual([]);
  });

  it('defers the largest stalled backlogs first and stops once the queue is below the target', () => {
    const h = harness();
    h.enqueue('small', 10);
    h.enqueue('large', 30);
    h.enqueue('medium', 20);
    h.advance(STALLED_AFTER_MS);
    // 60 queued; deferring `large` (25) leaves 35, then `medium` (15) leaves 20.
    expect(h.deferral.deferStalled(30)).toBeUndefined();
    expect(new Set(h.published.map((r) => r.key))).toEqual(new Set(['large', 'medium']));
    expect(h.queue.size).toBe(20);
  });

  it('says when a backlog will count as stalled if the queue is still too full without it', () => {
    const h = harness();
    h.enqueue('old', 10);
    h.advance(STALLED_AFTER_MS);
    h.enqueue('young', 30);
    // `old` is deferred (5 left) but 36 are still queued; `young` stalls one second after it started.
    expect(h.deferral.deferStalled(20)).toBe(h.now() + STALLED_AFTER_MS);
    expect(h.published.every((r) => r.key === 'old')).toBe(true);
    h.advance(STALLED_AFTER_MS);
    expect(h.deferral.deferStalled(20)).toBeUndefined();
    expect(h.queue.size).toBe(2 * (1 + KEPT_WAITING));
  });

  it('tries the hand-off again until Kafka takes it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      let calls = 0;
      const h = harness({
        publish: async () => {
          calls += 1;
          if (calls < 3) throw new Error('broker down');
        },
      });
      h.enqueue('slow', 10);
      h.advance(STALLED_AFTER_MS);
      h.deferral.deferStalled(1);
      await jest.advanceTimersByTimeAsync(1_000);
      await h.deferral.whenSettled();
      expect(calls).toBe(3);
      expect(h.finished).toHaveLength(10 - 1 - KEPT_WAITING);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives up a hand-off on shutdown, leaving its records unfinished (the next owner reads them again)', async () => {
    const h = harness({ publish: () => Promise.reject(new Error('broker down')) });
    h.enqueue('slow', 10);
    h.advance(STALLED_AFTER_MS);
    h.deferral.deferStalled(1);
    h.shutdown.abort();
    await h.deferral.whenSettled();
    expect(h.finished).toEqual([]);
    expect(h.deferral.inProgress).toBe(0);
  });
});
