import { AttemptRecord, CanonicalEvent, INTERNAL_TOPICS } from '@app/events';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { ReceivedRequest } from '../support/receiver';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const REPOSITORIES = ['down/app0', 'down/app1', 'down/app2'];
const EVENTS_BEFORE = 3;
const EVENTS_WHILE_DOWN = 30;
/** The first request for every FAIL_EVERY-th event is answered 500, so those deliveries take two attempts. */
const FAIL_EVERY = 4;

interface Answered {
  request: ReceivedRequest;
  status: number;
}

interface DeliverySummary {
  id: string;
  eventId: string;
  status: string;
  attemptCount: number;
}

interface DeliveryDetail extends DeliverySummary {
  attempts: { number: number; response: { statusCode: number } | null }[];
}

/**
 * The subscriptions app is stopped while webhooks exist: the dispatcher keeps delivering from its
 * own view of the subscriptions (the compacted topic) and records every attempt on the attempts
 * topic; once the app is started again on the same database, the delivery log has every attempt
 * made meanwhile, once, next to those from before the outage.
 */
describe('subscriptions app down', () => {
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({ env: { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('keeps delivering while it is down and logs every attempt made meanwhile once it is back', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const attempts = await stack.consume(INTERNAL_TOPICS.attempts);
    const answered: Answered[] = [];
    const failedOnce = new Set<string>();
    const failing = new Set<string>();
    receiver.respondWith((request) => {
      const eventId = (JSON.parse(request.body) as { id: string }).id;
      const pair = `${request.path} ${eventId}`;
      const status = failing.has(eventId) && !failedOnce.has(pair) ? 500 : 200;
      if (status === 500) failedOnce.add(pair);
      answered.push({ request, status });
      return { status };
    });
    const hooks: { id: string; path: string }[] = [];
    for (const [i, repository] of REPOSITORIES.entries()) {
      const url = `${receiver.url}/${i}`;
      const created = await createWebhook(stack, subscriptions, { repository, url });
      hooks.push({ id: created.id, path: new URL(url).pathname });
    }

    /** Produces `count` events per repository, every FAIL_EVERY-th failing once; waits until all succeeded. */
    const deliver = async (phase: string, count: number): Promise<CanonicalEvent[]> => {
      const events = Array.from({ length: count * REPOSITORIES.length }, (_, i) => {
        const event = tagPush(REPOSITORIES[i % REPOSITORIES.length], `${phase}-${i}`);
        if (i % FAIL_EVERY === 0) failing.add(event.id);
        return event;
      });
      await stack.produceEvents(events);
      const succeeded = (): Set<string> =>
        new Set(answered.filter((a) => a.status === 200).map((a) => JSON.parse(a.request.body).id as string));
      const deadline = Date.now() + 30_000;
      while (events.some((e) => !succeeded().has(e.id)) && Date.now() < deadline) await sleep(100);
      expect({ phase, missing: events.filter((e) => !succeeded().has(e.id)).length }).toEqual({
        phase,
        missing: 0,
      });
      return events;
    };

    const logOf = async (hookId: string): Promise<DeliverySummary[]> => {
      const response = await stack.request<{ items: DeliverySummary[] }>(
        'GET',
        `/api/v1/webhooks/${hookId}/deliveries?pageSize=100`,
      );
      expect(response.status).toBe(200);
      return response.body.items;
    };
    /** Requests answered so far for `hookId`, by delivery id (the webhook-id header). */
    const requestsByDelivery = (hookId: string): Map<string, Answered[]> => {
      const path = hooks.find((h) => h.id === hookId)!.path;
      const byDelivery = new Map<string, Answered[]>();
      for (const a of answered.filter((x) => x.request.path === path)) {
        const id = a.request.headers['webhook-id'];
        byDelivery.set(id, [...(byDelivery.get(id) ?? []), a]);
      }
      return byDelivery;
    };
    /** Polls each webhook's delivery log until it has one delivery per delivery id received, with as many attempts. */
    const logsCaughtUp = async (timeoutMs: number): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      for (const hook of hooks) {
        const expected = requestsByDelivery(hook.id);
        const caughtUp = (log: DeliverySummary[]): boolean =>
          log.length === expected.size &&
          log.every((d) => d.status === 'succeeded' && d.attemptCount === expected.get(d.id)?.length);
        let log = await logOf(hook.id);
        while (!caughtUp(log) && Date.now() < deadline) {
          await sleep(250);
          log = await logOf(hook.id);
        }
        expect(log.map((d) => ({ id: d.id, status: d.status, attempts: d.attemptCount })).sort(byId)).toEqual(
          [...expected]
            .map(([id, requests]) => ({ id, status: 'succeeded', attempts: requests.length }))
            .sort(byId),
        );
      }
    };

    await deliver('before', EVENTS_BEFORE);
    await logsCaughtUp(20_000);

    await stack.subscriptions.stop();
    expect(stack.subscriptions.running).toBe(false);
    const requestsBefore = answered.length;
    const whileDown = await deliver('down', EVENTS_WHILE_DOWN / REPOSITORIES.length);
    const madeWhileDown = answered.slice(requestsBefore);
    // Every attempt made meanwhile is on the attempts topic before the app comes back.
    const whileDownIds = new Set(whileDown.map((e) => e.id));
    await attempts.waitFor(madeWhileDown.length, 20_000, (m) =>
      whileDownIds.has((m.json as AttemptRecord | null)?.eventId ?? ''),
    );
    expect(madeWhileDown.filter((a) => a.status === 500)).toHaveLength(
      Math.ceil(EVENTS_WHILE_DOWN / FAIL_EVERY),
    );

    await stack.startSubscriptions();
    // The restarted app's attempts consumer gets its partitions once its group has rebalanced.
    await logsCaughtUp(45_000);
    // Each attempt made while the app was down is in the log with the answer it got, in order.
    for (const hook of hooks) {
      for (const [deliveryId, requests] of requestsByDelivery(hook.id)) {
        if (!requests.some((a) => madeWhileDown.includes(a))) continue;
        const detail = await stack.request<DeliveryDetail>('GET', `/api/v1/deliveries/${deliveryId}`);
        expect(detail.status).toBe(200);
        expect(
          detail.body.attempts.map((attempt) => ({
            number: attempt.number,
            status: attempt.response?.statusCode,
          })),
        ).toEqual(requests.map((a, i) => ({ number: i + 1, status: a.status })));
      }
    }
  });
});

const byId = (a: { id: string }, b: { id: string }): number => a.id.localeCompare(b.id);
