import { AttemptRecord, DeliveryRecord, INTERNAL_TOPICS } from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { ReceivedRequest } from '../support/receiver';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const eventIdOf = (request: ReceivedRequest): string => (JSON.parse(request.body) as { id: string }).id;

/** `webhook_deliveries_spilled_total{reason}` of a dispatcher. */
async function spilled(stack: Stack, reason: string): Promise<number> {
  const text = await (await fetch(`${stack.dispatchers[0].url}/metrics`)).text();
  const match = new RegExp(`^webhook_deliveries_spilled_total\\{reason="${reason}"\\} (\\d+)`, 'm').exec(
    text,
  );
  return Number(match?.[1] ?? 0);
}

/**
 * When the dispatcher hands deliveries to webhooks.deliveries.v1 (the spill topic) instead of
 * delivering them from the inbound consumer, and that they arrive all the same: an event matching
 * more than DISPATCHER_DIRECT_FANOUT_MAX subscriptions, a queue that stalls (its oldest delivery
 * waiting past DISPATCHER_STALL_AFTER), a full buffer behind a slow endpoint, and a redelivery asked
 * for through the API (an ordered subscription whose delivery fails: delivery.e2e-spec.ts). An
 * event matching few subscriptions never touches the spill topic.
 */
describe('spill to the deliveries topic', () => {
  const receivers: Receiver[] = [];
  const slowReplies = new AbortController();
  const receiver = async (): Promise<Receiver> => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  /** Answers after `ms`, or at once when the test ends. */
  const slowly = (r: Receiver, ms: number): void =>
    r.respondWith(async () => {
      await delay(ms, undefined, { signal: slowReplies.signal }).catch(() => undefined);
      return { status: 200 };
    });
  afterAll(async () => {
    slowReplies.abort();
    await Promise.all(receivers.map((r) => r.close()));
  });

  describe('fan-out, stall and redelivery', () => {
    let stack: Stack;
    let subscriptions: TopicCollector;
    let deliveries: TopicCollector;
    let attempts: TopicCollector;
    printLogsOnFailure(() => stack);
    const spilledFor = (subscriptionId: string) =>
      deliveries.messages.filter((m) => m.key === subscriptionId).map((m) => m.json as DeliveryRecord);

    beforeAll(async () => {
      stack = await startStack({
        env: { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s' },
        dispatcherEnv: { DISPATCHER_DIRECT_FANOUT_MAX: '2', DISPATCHER_STALL_AFTER: '500ms' },
      });
      [subscriptions, deliveries, attempts] = await Promise.all([
        stack.consume(INTERNAL_TOPICS.subscriptions),
        stack.consume(INTERNAL_TOPICS.deliveries),
        stack.consume(INTERNAL_TOPICS.attempts),
      ]);
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it('delivers an event matching few subscriptions directly and spills one matching more', async () => {
      const r = await receiver();
      const few = await Promise.all(
        [1, 2].map((i) =>
          createWebhook(stack, subscriptions, { repository: 'spill/few', url: `${r.url}/few${i}` }),
        ),
      );
      const many = await Promise.all(
        [1, 2, 3].map((i) =>
          createWebhook(stack, subscriptions, { repository: 'spill/many', url: `${r.url}/many${i}` }),
        ),
      );
      const fewEvent = tagPush('spill/few');
      const manyEvent = tagPush('spill/many');
      await stack.produceEvent(fewEvent);
      await stack.produceEvent(manyEvent);

      const requests = await r.waitForRequests(5, 15_000);
      const path = new URL(r.url).pathname;
      expect(requests.map((q) => `${q.path} ${eventIdOf(q)}`).sort()).toEqual(
        [
          ...[1, 2].map((i) => `${path}/few${i} ${fewEvent.id}`),
          ...[1, 2, 3].map((i) => `${path}/many${i} ${manyEvent.id}`),
        ].sort(),
      );
      const spilledMany = await deliveries.waitFor(3, 10_000, (m) => many.some((hook) => hook.id === m.key));
      expect(spilledMany.map((m) => (m.json as DeliveryRecord).event.id)).toEqual([
        manyEvent.id,
        manyEvent.id,
        manyEvent.id,
      ]);
      expect(few.flatMap((hook) => spilledFor(hook.id))).toEqual([]);
      expect(await spilled(stack, 'fan_out')).toBe(3);
    });

    it("hands a stalled queue's waiting deliveries on, and delivers every one once with a stable id", async () => {
      const r = await receiver();
      slowly(r, 1_500);
      const hook = await createWebhook(stack, subscriptions, { repository: 'spill/stall', url: r.url });
      const events = Array.from({ length: 6 }, (_, i) => tagPush('spill/stall', `v${i}`));
      await stack.produceEvents(events);

      const handedOn = await deliveries.waitFor(1, 10_000, (m) => m.key === hook.id);
      expect(events.map((e) => e.id)).toContain((handedOn[0].json as DeliveryRecord).event.id);
      const requests = await r.waitForRequests(6, 30_000);
      expect(new Set(requests.map(eventIdOf))).toEqual(new Set(events.map((e) => e.id)));
      expect(requests).toHaveLength(6);
      const recorded = await attempts.waitFor(6, 10_000, (m) => m.key === hook.id);
      expect(recorded.map((m) => (m.json as AttemptRecord).number)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(await spilled(stack, 'stalled')).toBeGreaterThan(0);
    });

    it('delivers a redelivery asked for through the API, from the deliveries topic', async () => {
      const r = await receiver();
      const hook = await createWebhook(stack, subscriptions, { repository: 'spill/again', url: r.url });
      const event = tagPush('spill/again');
      await stack.produceEvent(event);
      const [first] = await r.waitForRequests(1);
      const deliveryId = first.headers['webhook-id'];
      const deadline = Date.now() + 20_000;
      while ((await stack.request('GET', `/api/v1/deliveries/${deliveryId}`)).status !== 200) {
        if (Date.now() > deadline) throw new Error('the delivery never reached the delivery log');
        await sleep(200);
      }
      const redelivered = await stack.request('POST', `/api/v1/deliveries/${deliveryId}/redeliver`);
      expect(redelivered.status).toBe(202);

      const [, second] = await r.waitForRequests(2, 15_000);
      expect(eventIdOf(second)).toBe(event.id);
      expect(second.headers['webhook-id']).toBe(redelivered.body.deliveryId);
      await deliveries.waitFor(1, 5_000, (m) => m.key === hook.id);
      expect(spilledFor(hook.id).map((d) => d.kind)).toEqual(['redelivery']);
      const [attempt] = await attempts.waitFor(
        1,
        10_000,
        (m) => (m.json as AttemptRecord).deliveryId === redelivered.body.deliveryId,
      );
      expect(attempt.json).toMatchObject({ kind: 'redelivery', outcome: 'succeeded', eventId: event.id });
    });
  });

  describe('a full buffer', () => {
    let stack: Stack;
    printLogsOnFailure(() => stack);

    beforeAll(async () => {
      // The stall trigger alone would wait 20 s; a full buffer hands on once the slow endpoint's
      // delivery in progress has taken half of that.
      stack = await startStack({
        dispatcherEnv: { DISPATCHER_MAX_BUFFERED: '8', DISPATCHER_STALL_AFTER: '20s' },
      });
    });
    afterAll(async () => {
      await stack?.stop();
    });

    it("hands a slow endpoint's queue on so that other subscriptions are delivered", async () => {
      const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
      const slow = await receiver();
      const fast = await receiver();
      slowly(slow, 60_000);
      await createWebhook(stack, subscriptions, { repository: 'full/slow', url: slow.url });
      await createWebhook(stack, subscriptions, { repository: 'full/fast', url: fast.url });
      await stack.produceEvents(Array.from({ length: 20 }, (_, i) => tagPush('full/slow', `s${i}`)));
      await slow.waitForRequests(1, 10_000);
      const fastEvents = Array.from({ length: 20 }, (_, i) => tagPush('full/fast', `f${i}`));
      await stack.produceEvents(fastEvents);

      const arrived = await fast.waitForRequests(20, 19_000);
      expect(new Set(arrived.map(eventIdOf))).toEqual(new Set(fastEvents.map((e) => e.id)));
      expect(await spilled(stack, 'buffer_full')).toBeGreaterThan(0);
      expect(await spilled(stack, 'stalled')).toBe(0);
    });
  });
});
