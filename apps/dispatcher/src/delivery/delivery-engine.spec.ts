import { OutgoingRecord } from '@app/common';
import { DeliveryRecord } from '@app/events';
import pino from 'pino';
import { Metrics } from '../metrics/metrics';
import { delivery } from '../testing/fixtures';
import { DEFERRAL_MS, DeliveryEngine, DeliveryJob, Finish, KEPT_WAITING, Origin } from './delivery-engine';
import { DeliveryAborted, Processed, ProcessOptions } from './delivery-processor';
import { OutgoingRecords } from './outgoing-records';

const LANE = '0|registry.artifact.v1';
const SPILL_LANE = '0|webhooks.deliveries.v1';

interface Call {
  deliveryId: string;
  options: ProcessOptions;
  answer(processed?: Partial<Processed>): void;
  /** The processor throws, as only a bug makes it. */
  fail(error: Error): void;
}

/** An engine over a processor that answers when told to, and a publisher that records what it got. */
function harness(
  options: { maxBuffered?: number; stallAfterMs?: number; ordered?: string[]; failPublishes?: boolean } = {},
) {
  const calls: Call[] = [];
  const published: OutgoingRecord[] = [];
  let holdPublishes = false;
  const heldPublishes: (() => void)[] = [];
  const metrics = new Metrics();
  const engine = new DeliveryEngine({
    processor: {
      process: (d: DeliveryRecord, signal: AbortSignal, processOptions: ProcessOptions) =>
        new Promise<Processed>((resolve, reject) => {
          signal.addEventListener('abort', () => reject(new DeliveryAborted()));
          calls.push({
            deliveryId: d.deliveryId,
            options: processOptions,
            answer: (processed) => resolve({ recorded: Promise.resolve(), ...processed }),
            fail: reject,
          });
        }),
    },
    subscriptions: { isOrdered: (id) => options.ordered?.includes(id) ?? false },
    publish: async (records) => {
      if (options.failPublishes) throw new Error('broker down');
      if (holdPublishes) await new Promise<void>((resolve) => heldPublishes.push(resolve));
      published.push(...records);
    },
    records: new OutgoingRecords(''),
    metrics,
    log: pino({ level: 'silent' }),
    maxBuffered: options.maxBuffered ?? 100,
    stallAfterMs: options.stallAfterMs ?? 1_000,
  });
  const finished: [string, Finish][] = [];
  const job = (
    deliveryId: string,
    subscriptionId = 'sub-1',
    extra: Partial<DeliveryRecord> = {},
  ): DeliveryJob => ({
    delivery: delivery({ deliveryId, subscriptionId, ...extra }),
    finish: (how) => finished.push([deliveryId, how]),
  });
  const submit = (
    deliveryId: string,
    subscriptionId = 'sub-1',
    { origin = 'inbound', fanOut = false, lane }: { origin?: Origin; fanOut?: boolean; lane?: string } = {},
  ): void =>
    engine.submit(
      lane ?? (origin === 'inbound' ? LANE : SPILL_LANE),
      origin,
      job(deliveryId, subscriptionId),
      {
        fanOut,
      },
    );
  /** `count` deliveries `<prefix>1`… for one subscription: the first runs, the rest wait behind it. */
  const backlog = (prefix: string, count: number, subscriptionId = 'sub-1'): void => {
    for (let i = 1; i <= count; i += 1) submit(`${prefix}${i}`, subscriptionId);
  };
  const call = (deliveryId: string): Call => {
    const found = calls.find((c) => c.deliveryId === deliveryId);
    if (!found) throw new Error(`${deliveryId} was not attempted (attempted: ${started().join(', ')})`);
    return found;
  };
  const started = (): string[] => calls.map((c) => c.deliveryId);
  const spilled = (): string[] =>
    published
      .filter((r) => r.topic === 'webhooks.deliveries.v1')
      .map((r) => (JSON.parse(String(r.value)) as DeliveryRecord).deliveryId);
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const counter = async (reason: string): Promise<number> =>
    (await metrics.deliveriesSpilled.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
  return {
    engine,
    calls,
    published,
    finished,
    submit,
    backlog,
    call,
    started,
    spilled,
    settle,
    counter,
    metrics,
    job,
    holdPublishes: () => (holdPublishes = true),
    releasePublishes: () => {
      holdPublishes = false;
      heldPublishes.splice(0).forEach((release) => release());
    },
  };
}

describe('DeliveryEngine', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it("runs a subscription's deliveries one at a time in order, and subscriptions side by side", async () => {
    const h = harness();
    h.submit('a1', 'sub-a');
    h.submit('a2', 'sub-a');
    h.submit('b1', 'sub-b');
    expect(h.started()).toEqual(['a1', 'b1']);
    expect(h.engine.buffered).toBe(3);
    h.call('a1').answer();
    await h.settle();
    expect(h.started()).toEqual(['a1', 'b1', 'a2']);
    expect(h.finished).toEqual([['a1', 'done']]);
    h.call('b1').answer();
    h.call('a2').answer();
    await h.settle();
    expect(h.engine.buffered).toBe(0);
    expect(h.calls.map((c) => c.options.retryInPlace)).toEqual([false, false, false]);
    h.engine.close();
  });

  it("starts a subscription's next delivery once the previous one is answered, and finishes it once recorded", async () => {
    const h = harness();
    let acknowledge!: () => void;
    h.submit('d1');
    h.submit('d2');
    h.call('d1').answer({ recorded: new Promise<void>((resolve) => (acknowledge = resolve)) });
    await h.settle();
    expect(h.started()).toEqual(['d1', 'd2']);
    expect(h.finished).toEqual([]);
    acknowledge();
    await h.settle();
    expect(h.finished).toEqual([['d1', 'done']]);
    h.engine.close();
  });

  it('keeps queues of different partitions apart, and retries in place only on the deliveries topic', async () => {
    const h = harness();
    h.submit('p0', 'sub-1', { lane: '0|registry.artifact.v1' });
    h.submit('p1', 'sub-1', { lane: '1|registry.artifact.v1' });
    h.submit('s0', 'sub-1', { origin: 'spill' });
    expect(h.started()).toEqual(['p0', 'p1', 's0']);
    expect(h.call('s0').options.retryInPlace).toBe(true);
    h.engine.close();
  });

  it("hands an event's fan-out to the deliveries topic, finished once Kafka took it", async () => {
    const h = harness();
    h.holdPublishes();
    h.submit('f1', 'sub-1', { fanOut: true });
    h.submit('f2', 'sub-2', { fanOut: true });
    expect(h.started()).toEqual([]);
    expect(h.engine.buffered).toBe(2);
    await h.settle();
    expect(h.finished).toEqual([]);
    h.releasePublishes();
    await h.settle();
    expect(h.spilled()).toEqual(['f1', 'f2']);
    expect(h.published[0]).toMatchObject({ key: 'sub-1', headers: { 'content-type': 'application/json' } });
    expect(h.finished).toEqual([
      ['f1', 'handed-on'],
      ['f2', 'handed-on'],
    ]);
    expect(await h.counter('fan_out')).toBe(2);
    // A subscription that is not ordered keeps being delivered directly.
    h.submit('d1', 'sub-1');
    expect(h.started()).toEqual(['d1']);
    h.engine.close();
  });

  it('hands on what waits in a stalled queue, and lets later deliveries follow until the last spilled one is answered', async () => {
    const h = harness({ stallAfterMs: 1_000 });
    h.backlog('d', 6);
    await jest.advanceTimersByTimeAsync(999);
    expect(h.spilled()).toEqual([]);
    await jest.advanceTimersByTimeAsync(300);
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6']);
    expect(h.finished.map(([id, how]) => `${id} ${how}`)).toEqual(
      ['d2', 'd3', 'd4', 'd5', 'd6'].map((id) => `${id} handed-on`),
    );
    expect(await h.counter('stalled')).toBe(5);
    h.submit('d7');
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6', 'd7']);
    expect(await h.counter('following')).toBe(1);
    // This instance's spill consumer answers the last one handed on: direct delivery resumes,
    // behind the delivery still in progress.
    h.submit('d7', 'sub-1', { origin: 'spill' });
    h.call('d7').answer();
    await h.settle();
    h.submit('d8');
    h.call('d1').answer();
    await h.settle();
    expect(h.started()).toEqual(['d1', 'd7', 'd8']);
    expect(h.spilled()).toHaveLength(6);
    h.engine.close();
  });

  it('keeps a queue that moves, however long its backlog has waited: only a slow endpoint stalls it', async () => {
    const h = harness({ stallAfterMs: 1_000 });
    for (let i = 0; i < 10; i += 1) h.submit(`d${i}`);
    for (let i = 0; i < 9; i += 1) {
      await jest.advanceTimersByTimeAsync(300);
      h.call(`d${i}`).answer();
      await h.settle();
    }
    expect(h.started()).toHaveLength(10);
    expect(h.spilled()).toEqual([]);
    h.engine.close();
  });

  it('does not count the wait for an in-flight slot as slowness: then the dispatcher is busy', async () => {
    const h = harness({ stallAfterMs: 1_000 });
    h.backlog('d', 6);
    h.call('d1').options.slotWait!.started();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(h.spilled()).toEqual([]);
    h.call('d1').options.slotWait!.ended();
    await jest.advanceTimersByTimeAsync(400);
    await h.settle();
    expect(h.spilled()).toEqual([]);
    await jest.advanceTimersByTimeAsync(300);
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6']);
    h.engine.close();
  });

  it('does not take an endpoint for slow while every answer takes long: the process is short of CPU', async () => {
    const h = harness({ stallAfterMs: 1_000 });
    for (let i = 0; i < 10; i += 1) h.submit(`a${i}`, `busy-${i}`);
    const sent = (call: Call): void => {
      call.options.slotWait!.started();
      call.options.slotWait!.ended();
    };
    h.calls.forEach(sent);
    await jest.advanceTimersByTimeAsync(1_000);
    h.calls.forEach((call) => call.answer());
    await h.settle();
    h.backlog('d', 6);
    sent(h.call('d1'));
    await jest.advanceTimersByTimeAsync(3_000);
    await h.settle();
    expect(h.spilled()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_500);
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6']);
    h.engine.close();
  });

  it('lets a spilled subscription that is not ordered come back to direct delivery after a while', async () => {
    const h = harness({ stallAfterMs: 100 });
    h.backlog('d', 6);
    await jest.advanceTimersByTimeAsync(200);
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6']);
    h.call('d1').answer();
    await jest.advanceTimersByTimeAsync(500);
    h.submit('d7');
    expect(h.started()).toEqual(['d1', 'd7']);
    h.engine.close();
  });

  it('under a full buffer, hands on the queue whose delivery in progress has taken half the stall time', async () => {
    const h = harness({ maxBuffered: 8, stallAfterMs: 2_000 });
    h.backlog('s', 7, 'slow');
    h.submit('f1', 'fast');
    expect(h.engine.full).toBe(true);
    await jest.advanceTimersByTimeAsync(600);
    await h.settle();
    expect(h.spilled()).toEqual([]);
    await jest.advanceTimersByTimeAsync(500);
    await h.settle();
    expect(h.spilled()).toEqual(['s2', 's3', 's4', 's5', 's6', 's7']);
    expect(h.engine.full).toBe(false);
    expect(await h.counter('buffer_full')).toBe(6);
    // Read back from the deliveries topic, the slow subscription keeps only a few waiting.
    for (const id of ['s2', 's3', 's4', 's5', 's6', 's7']) h.submit(id, 'slow', { origin: 'spill' });
    await h.settle();
    expect(h.started()).toEqual(['s1', 'f1', 's2']);
    expect(h.published.filter((r) => r.topic === 'webhooks.retry.10000ms.v1')).toHaveLength(1);
    h.engine.close();
  });

  it('defers the backlog of a slow subscription of the deliveries topic to the retry tier', async () => {
    const h = harness({ maxBuffered: 100, stallAfterMs: 2_000 });
    const ids = Array.from({ length: 8 }, (_, i) => `r${i}`);
    for (const id of ids) h.submit(id, 'slow', { origin: 'spill' });
    await jest.advanceTimersByTimeAsync(1_100);
    await h.settle();
    const deferred = h.published.filter((r) => r.topic === 'webhooks.retry.10000ms.v1');
    expect(deferred.map((r) => (JSON.parse(String(r.value)) as DeliveryRecord).deliveryId)).toEqual(
      ids.slice(1 + KEPT_WAITING),
    );
    const record = JSON.parse(String(deferred[0].value)) as DeliveryRecord;
    expect(record.attempt).toBe(1);
    expect(deferred[0].headers?.['x-not-before']).toBe(String(record.notBefore));
    expect(record.notBefore).toBe(Date.now() + DEFERRAL_MS - 100);
    expect(h.finished.map(([, how]) => how)).toEqual(['handed-on', 'handed-on', 'handed-on']);
    expect((await h.metrics.deliveriesDeferred.get()).values[0].value).toBe(3);
    // Later arrivals beyond what the slow queue keeps are deferred as they come.
    h.submit('r8', 'slow', { origin: 'spill' });
    await h.settle();
    expect(h.published.filter((r) => r.topic === 'webhooks.retry.10000ms.v1')).toHaveLength(4);
    expect(h.spilled()).toEqual([]);
    h.engine.close();
  });

  it('never defers a fast or an ordered subscription of the deliveries topic', async () => {
    const h = harness({ stallAfterMs: 2_000, ordered: ['ordered'] });
    for (let i = 0; i < 8; i += 1) h.submit(`o${i}`, 'ordered', { origin: 'spill' });
    for (let i = 0; i < 8; i += 1) h.submit(`f${i}`, 'fast', { origin: 'spill' });
    await jest.advanceTimersByTimeAsync(900);
    h.call('f0').answer();
    await jest.advanceTimersByTimeAsync(900);
    await h.settle();
    expect(h.published).toEqual([]);
    h.engine.close();
  });

  it("spills an ordered subscription's failed delivery with what waits behind it, and keeps later ones behind them", async () => {
    const h = harness({ ordered: ['sub-1'] });
    h.submit('d1');
    h.submit('d2');
    const retry = delivery({ deliveryId: 'd1', attempt: 2, notBefore: Date.now() + 5_000 });
    h.call('d1').answer({ handOn: retry });
    await h.settle();
    expect(h.published.map((r) => JSON.parse(String(r.value)) as DeliveryRecord)).toEqual([
      retry,
      expect.objectContaining({ deliveryId: 'd2', attempt: 1 }),
    ]);
    expect(h.finished).toEqual([
      ['d2', 'handed-on'],
      ['d1', 'done'],
    ]);
    expect(await h.counter('ordered_retry')).toBe(1);
    h.submit('d3');
    await h.settle();
    expect(h.spilled()).toEqual(['d1', 'd2', 'd3']);
    expect(h.started()).toEqual(['d1']);
    h.engine.close();
  });

  it('hands on a stalled ordered queue only once its delivery in progress is answered', async () => {
    const h = harness({ ordered: ['sub-1'], stallAfterMs: 1_000 });
    h.backlog('d', 6);
    await jest.advanceTimersByTimeAsync(1_500);
    h.submit('d7');
    await h.settle();
    expect(h.spilled()).toEqual([]);
    h.call('d1').answer();
    await h.settle();
    expect(h.spilled()).toEqual(['d2', 'd3', 'd4', 'd5', 'd6', 'd7']);
    expect(h.started()).toEqual(['d1']);
    h.engine.close();
  });

  it("keeps an ordered subscription's fan-out in its busy queue", async () => {
    const h = harness({ ordered: ['sub-1'] });
    h.submit('d1');
    h.submit('f1', 'sub-1', { fanOut: true });
    h.submit('f2', 'sub-2', { fanOut: true });
    await h.settle();
    expect(h.spilled()).toEqual(['f2']);
    h.call('d1').answer();
    await h.settle();
    expect(h.started()).toEqual(['d1', 'f1']);
    h.engine.close();
  });

  it('makes room once the buffer is no longer full', async () => {
    const h = harness({ maxBuffered: 4 });
    for (const id of ['a', 'b', 'c', 'd']) h.submit(id, `sub-${id}`);
    let room = false;
    void h.engine.room().then(() => (room = true));
    await h.settle();
    expect(room).toBe(false);
    h.call('a').answer();
    await h.settle();
    expect(room).toBe(true);
    await expect(h.engine.room()).resolves.toBeUndefined();
    h.engine.close();
  });

  it('skips a delivery whose processing or recording fails unexpectedly, and goes on', async () => {
    const h = harness();
    h.backlog('d', 3);
    await h.settle();
    h.call('d1').fail(new Error('a bug'));
    await h.settle();
    h.call('d2').answer({ recorded: Promise.reject(new Error('another bug')) });
    await h.settle();
    h.call('d3').answer();
    await h.settle();
    expect(h.finished).toEqual([
      ['d1', 'done'],
      ['d2', 'done'],
      ['d3', 'done'],
    ]);
    expect(h.engine.buffered).toBe(0);
    h.engine.close();
  });

  it('on abort leaves what is in progress or waiting unfinished and becomes idle', async () => {
    const h = harness({ failPublishes: true });
    h.submit('d1');
    h.submit('d2');
    h.submit('f1', 'sub-2', { fanOut: true });
    await h.settle();
    let idle = false;
    void h.engine.whenIdle().then(() => (idle = true));
    h.engine.abort();
    await h.settle();
    expect(idle).toBe(true);
    expect(h.started()).toEqual(['d1']);
    expect(h.finished).toEqual([]);
    h.engine.close();
  });
});
