import { OutboundRequest, SendResult } from '@app/delivery';
import {
  AttemptRecord,
  DeadLetterRecord,
  DeliveryRecord,
  SubscriptionRecord,
  validateDeadLetterRecord,
} from '@app/events';
import pino from 'pino';
import { OutgoingRecord } from '@app/common';
import { Metrics } from '../metrics/metrics';
import { OutgoingRecords } from './outgoing-records';
import { SubscriptionState } from '../subscription-view/subscription-state';
import { delivery, subscription } from '../testing/fixtures';
import { DeliveryAborted, DeliveryDependencies, DeliveryProcessor } from './delivery-processor';

type Reply = Partial<SendResult> | ((request: OutboundRequest, signal?: AbortSignal) => Promise<SendResult>);
const status = (statusCode: number, headers: Record<string, string> = {}): Partial<SendResult> => ({
  response: { statusCode, headers, body: '', truncated: false },
  error: null,
});

/** A processor over a real SubscriptionState, a scripted sender and a recording publisher. */
function harness(
  options: { subs?: SubscriptionRecord[]; replies?: Reply[]; deps?: Partial<DeliveryDependencies> } = {},
) {
  const state = new SubscriptionState();
  for (const sub of options.subs ?? [subscription()]) state.apply(sub.id, Buffer.from(JSON.stringify(sub)));
  const replies = [...(options.replies ?? [])];
  const sent: { request: OutboundRequest; at: number }[] = [];
  const published: OutgoingRecord[] = [];
  const metrics = new Metrics();
  const processor = new DeliveryProcessor({
    subscriptions: state,
    sender: {
      send: async (request, signal) => {
        sent.push({ request, at: Date.now() });
        const reply = replies.shift() ?? status(200);
        if (typeof reply === 'function') return reply(request, signal);
        return { response: null, error: null, durationMs: 5, ...reply };
      },
    },
    prepare: (sub, d) => ({
      url: sub.target.url,
      headers: { authorization: 'Bearer x', 'webhook-id': d.deliveryId },
      body: 'body',
      verifyTls: true,
    }),
    publish: async (records) => void published.push(...records),
    records: new OutgoingRecords('p.'),
    metrics,
    log: pino({ level: 'silent' }),
    defaultScheduleMs: [1_000, 60_000],
    autoDisableAfterMs: 5 * 86_400_000,
    maxInFlight: 8,
    random: () => 0.5,
    ...options.deps,
  });
  const value = <T>(record: OutgoingRecord): T => JSON.parse(String(record.value)) as T;
  const on = (topic: string) => published.filter((r) => r.topic === `p.${topic}`);
  const attempts = () => on('webhooks.attempts.v1').map((r) => value<AttemptRecord>(r));
  const signal = new AbortController().signal;
  /** Processes a delivery through to the acknowledgement of its records. */
  const inPlace = { retryInPlace: true };
  const deliver = async (record: DeliveryRecord, abort: AbortSignal = signal): Promise<void> => {
    const { recorded } = await processor.process(record, abort, inPlace);
    await recorded;
  };
  return {
    state,
    processor,
    sent,
    published,
    metrics,
    value,
    on,
    attempts,
    deliver,
    signal,
    inPlace,
  };
}

const counter = async (
  metric: { get(): Promise<{ values: { value: number; labels: object }[] }> },
  labels: object = {},
) =>
  (await metric.get()).values
    .filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l))
    .reduce((sum, v) => sum + v.value, 0);

describe('DeliveryProcessor', () => {
  it('records a successful attempt on the attempts topic, keyed by subscription', async () => {
    const h = harness();
    await h.deliver(delivery());
    expect(h.sent).toHaveLength(1);
    expect(h.published).toHaveLength(1);
    expect(h.published[0]).toMatchObject({ topic: 'p.webhooks.attempts.v1', key: 'sub-1' });
    expect(h.attempts()[0]).toMatchObject({
      attemptId: '01JDELIVERY00000000000000A:1',
      outcome: 'succeeded',
      response: { statusCode: 200 },
    });
    expect(h.attempts()[0].request.headers.authorization).toBe('[redacted]');
    expect(await counter(h.metrics.deliveries, { outcome: 'succeeded', status_class: '2xx' })).toBe(1);
  });

  it('hands a retryable failure to the retry tier that fits the delay, with the next attempt number', async () => {
    const h = harness({ replies: [status(500)] });
    const before = Date.now();
    await h.deliver(delivery());
    const [attempt] = h.attempts();
    expect(attempt.outcome).toBe('retrying');
    const [retry] = h.on('webhooks.retry.1000ms.v1');
    expect(retry.key).toBe('sub-1');
    const next = h.value<DeliveryRecord>(retry);
    expect(next).toMatchObject({ deliveryId: '01JDELIVERY00000000000000A', attempt: 2 });
    expect(next.notBefore).toBeGreaterThanOrEqual(before + 1_000);
    expect(Date.parse(attempt.nextAttemptAt!)).toBe(next.notBefore);
    expect(await counter(h.metrics.retriesScheduled)).toBe(1);
  });

  it("puts the retry's due time in a header, so the tier never parses the record", async () => {
    const h = harness({ replies: [status(500)] });
    await h.deliver(delivery());
    const [retry] = h.on('webhooks.retry.1000ms.v1');
    expect(retry.headers).toEqual({
      'content-type': 'application/json',
      'x-not-before': String(h.value<DeliveryRecord>(retry).notBefore),
    });
  });

  it('records the event once: a body that is the event stands for it', async () => {
    const h = harness({
      deps: {
        prepare: (sub, d) => ({
          url: sub.target.url,
          headers: {},
          body: JSON.stringify(d.event),
          verifyTls: true,
        }),
      },
    });
    await h.deliver(delivery());
    const [attempt] = h.attempts();
    expect(attempt).not.toHaveProperty('event');
    expect(JSON.parse(attempt.request.body)).toEqual(delivery().event);
    const chat = harness({ subs: [subscription({ target: { ...subscription().target, type: 'slack' } })] });
    await chat.deliver(delivery());
    expect(chat.attempts()[0].event).toEqual(delivery().event);
  });

  it('waits for the notBefore of a delivery before attempting it', async () => {
    const h = harness();
    const before = Date.now();
    await h.deliver(delivery({ notBefore: before + 60 }));
    expect(h.sent[0].at).toBeGreaterThanOrEqual(before + 55);
  });

  it('uses the subscription retry schedule over the default', async () => {
    const h = harness({ subs: [subscription({ retry: { scheduleMs: [120_000] } })], replies: [status(503)] });
    await h.deliver(delivery());
    expect(h.on('webhooks.retry.60000ms.v1')).toHaveLength(1);
  });

  it('dead-letters a delivery whose schedule is exhausted', async () => {
    const h = harness({ replies: [{ response: null, error: { code: 'timeout', message: 'slow' } }] });
    await h.deliver(delivery({ attempt: 3 }));
    expect(h.attempts()[0]).toMatchObject({ outcome: 'dead', number: 3, error: { code: 'timeout' } });
    const [dead] = h.on('webhooks.dead-letter.v1');
    expect(dead.key).toBe('sub-1');
    expect(validateDeadLetterRecord(h.value(dead))).toMatchObject({ ok: true });
    expect(h.value<DeadLetterRecord>(dead)).toMatchObject({
      delivery: { deliveryId: '01JDELIVERY00000000000000A', attempt: 3 },
      attempts: {
        count: 3,
        last: { attemptId: '01JDELIVERY00000000000000A:3', statusCode: null, error: 'timeout' },
      },
    });
    expect(h.on('webhooks.retry.1000ms.v1')).toEqual([]);
    expect(await counter(h.metrics.deadLetters)).toBe(1);
  });

  it('on 410 records the disable, disables locally and skips later deliveries', async () => {
    const h = harness({ replies: [status(410)] });
    await h.deliver(delivery());
    expect(h.attempts()[0]).toMatchObject({
      outcome: 'failed',
      disableSubscription: { reason: 'HTTP 410 Gone from https://hooks.example.com' },
    });
    expect(h.state.get('sub-1')?.enabled).toBe(false);
    await h.deliver(delivery({ deliveryId: 'second' }));
    expect(h.sent).toHaveLength(1);
    expect(await counter(h.metrics.deliveriesSkipped, { reason: 'disabled' })).toBe(1);
  });

  it('fails a refused address at once, without retry', async () => {
    const h = harness({
      replies: [{ response: null, error: { code: 'blocked_address', message: '127.0.0.1 is loopback' } }],
    });
    await h.deliver(delivery());
    expect(h.attempts()[0]).toMatchObject({ outcome: 'failed', error: { code: 'blocked_address' } });
    expect(h.published).toHaveLength(1);
  });

  it('skips a delivery for a deleted subscription without an attempt', async () => {
    const h = harness({ subs: [] });
    await h.deliver(delivery());
    expect(h.sent).toEqual([]);
    expect(h.published).toEqual([]);
    expect(await counter(h.metrics.deliveriesSkipped, { reason: 'deleted' })).toBe(1);
  });

  it('retries an ordered subscription in place, recording every attempt', async () => {
    const h = harness({
      subs: [subscription({ ordered: true, retry: { scheduleMs: [20, 20] } })],
      replies: [status(500), status(500), status(200)],
    });
    await h.deliver(delivery());
    expect(h.sent).toHaveLength(3);
    expect(h.attempts().map((a) => [a.number, a.outcome])).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'succeeded'],
    ]);
    expect(h.published.every((r) => r.topic === 'p.webhooks.attempts.v1')).toBe(true);
    expect(h.sent[1].at - h.sent[0].at).toBeGreaterThanOrEqual(15);
  });

  it("hands an ordered subscription's failed delivery back with its next attempt when not retrying in place", async () => {
    const h = harness({
      subs: [subscription({ ordered: true, retry: { scheduleMs: [5_000] } })],
      replies: [status(500)],
    });
    const before = Date.now();
    const { recorded, handOn } = await h.processor.process(delivery(), h.signal, { retryInPlace: false });
    await recorded;
    expect(h.sent).toHaveLength(1);
    expect(h.attempts().map((a) => [a.number, a.outcome])).toEqual([[1, 'retrying']]);
    expect(h.published.every((r) => r.topic === 'p.webhooks.attempts.v1')).toBe(true);
    expect(handOn).toMatchObject({ deliveryId: '01JDELIVERY00000000000000A', attempt: 2 });
    expect(handOn!.notBefore).toBeGreaterThanOrEqual(before + 5_000);
  });

  it('stops an in-place retry when the subscription is deleted meanwhile', async () => {
    const h = harness({
      subs: [subscription({ ordered: true, retry: { scheduleMs: [30] } })],
      replies: [status(500)],
    });
    const done = h.deliver(delivery());
    await new Promise((resolve) => setTimeout(resolve, 10));
    h.state.apply('sub-1', null);
    await done;
    expect(h.sent).toHaveLength(1);
  });

  it('spaces sends to a rate-limited subscription', async () => {
    const h = harness({ subs: [subscription({ rateLimitPerSecond: 10 })] });
    for (let i = 0; i < 3; i += 1) await h.deliver(delivery({ deliveryId: `d${i}` }));
    // Each send waits for its own slot, 100 ms after the previous slot (a late send does not move the next).
    expect(h.sent[1].at - h.sent[0].at).toBeGreaterThanOrEqual(90);
    expect(h.sent[2].at - h.sent[0].at).toBeGreaterThanOrEqual(190);
  });

  it('says when an attempt waits for an in-flight slot and when it got one', async () => {
    const h = harness();
    const calls: string[] = [];
    const { recorded } = await h.processor.process(delivery(), h.signal, {
      retryInPlace: true,
      slotWait: {
        started: () => calls.push('waiting'),
        ended: () => calls.push(`sending after ${h.sent.length}`),
      },
    });
    await recorded;
    expect(calls).toEqual(['waiting', 'sending after 0']);
  });

  it('never has more than maxInFlight sends at once', async () => {
    let running = 0;
    let peak = 0;
    const slow: Reply = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return {
        response: { statusCode: 200, headers: {}, body: '', truncated: false },
        error: null,
        durationMs: 20,
      };
    };
    const subs = Array.from({ length: 6 }, (_, i) => subscription({ id: `s${i}` }));
    const h = harness({ subs, replies: Array(6).fill(slow), deps: { maxInFlight: 2 } });
    await Promise.all(subs.map((s) => h.deliver(delivery({ subscriptionId: s.id }))));
    expect(peak).toBe(2);
    expect(h.attempts()).toHaveLength(6);
  });

  it('disables a subscription failing for longer than AUTO_DISABLE_AFTER; a success resets the clock', async () => {
    let now = 0;
    const h = harness({
      replies: [status(500), status(200), status(500), status(500), status(500)],
      deps: { autoDisableAfterMs: 1_000, now: () => now },
    });
    const run = async (at: number) => {
      now = at;
      await h.deliver(delivery({ deliveryId: `d${at}` }));
    };
    await run(0);
    await run(500); // success
    await run(600); // streak starts
    await run(1_500);
    expect(h.attempts().map((a) => a.disableSubscription)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    await run(1_600);
    expect(h.attempts()[4].disableSubscription).toEqual({
      reason: 'failing since 1970-01-01T00:00:00.600Z with no success',
    });
    expect(h.state.get('sub-1')?.enabled).toBe(false);
  });

  it('keeps producing the attempt records until Kafka takes them', async () => {
    let failures = 1;
    const published: OutgoingRecord[] = [];
    const h = harness({
      deps: {
        publish: async (records) => {
          if (failures-- > 0) throw new Error('broker down');
          published.push(...records);
        },
      },
    });
    await h.deliver(delivery());
    expect(published).toHaveLength(1);
  });

  /** A publisher whose produce requests wait until `acknowledge` is called. */
  const heldPublisher = () => {
    const held: { records: readonly OutgoingRecord[]; acknowledge: () => void }[] = [];
    return {
      held,
      publish: (records: readonly OutgoingRecord[]) =>
        new Promise<void>((resolve) => held.push({ records, acknowledge: resolve })),
    };
  };

  it("resolves once the outcome is known, before Kafka acknowledges the attempt's records", async () => {
    const publisher = heldPublisher();
    const h = harness({ deps: { publish: publisher.publish } });
    const { recorded } = await h.processor.process(delivery(), h.signal, h.inPlace);
    expect(h.sent).toHaveLength(1);
    expect(publisher.held).toHaveLength(1);
    let acknowledged = false;
    void recorded.then(() => (acknowledged = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    // The subscription's next delivery goes out meanwhile.
    await h.processor.process(delivery({ deliveryId: 'second' }), h.signal, h.inPlace);
    expect(h.sent).toHaveLength(2);
    publisher.held[0].acknowledge();
    await recorded;
    expect(acknowledged).toBe(true);
  });

  it('retries in place without waiting for acknowledgements; `recorded` covers every attempt', async () => {
    const publisher = heldPublisher();
    const h = harness({
      subs: [subscription({ ordered: true, retry: { scheduleMs: [5] } })],
      replies: [status(500), status(200)],
      deps: { publish: publisher.publish },
    });
    const { recorded } = await h.processor.process(delivery(), h.signal, h.inPlace);
    expect(h.sent).toHaveLength(2);
    expect(publisher.held).toHaveLength(2);
    let acknowledged = false;
    void recorded.then(() => (acknowledged = true));
    publisher.held[1].acknowledge();
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged).toBe(false);
    publisher.held[0].acknowledge();
    await recorded;
  });

  it('rejects `recorded` with DeliveryAborted when shutdown interrupts the producing', async () => {
    const controller = new AbortController();
    const h = harness({
      deps: {
        publish: async () => {
          throw new Error('broker down');
        },
      },
    });
    const { recorded } = await h.processor.process(delivery(), controller.signal, h.inPlace);
    controller.abort();
    await expect(recorded).rejects.toBeInstanceOf(DeliveryAborted);
  });

  it('leaves an interrupted delivery unrecorded', async () => {
    const controller = new AbortController();
    const h = harness({
      replies: [
        async (_request, signal) => {
          controller.abort();
          expect(signal?.aborted).toBe(true);
          return { response: null, error: { code: 'aborted', message: 'aborted by caller' }, durationMs: 1 };
        },
      ],
    });
    await expect(h.processor.process(delivery(), controller.signal, h.inPlace)).rejects.toBeInstanceOf(
      DeliveryAborted,
    );
    expect(h.published).toEqual([]);
  });
});
