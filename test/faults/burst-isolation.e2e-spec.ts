import { INTERNAL_TOPICS } from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { TopicCollector } from '../support/kafka';
import { ReceivedRequest } from '../support/receiver';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const MAX_BUFFERED = 64;
const SLOW_EVENTS = 300;
const FAST_EVENTS = 300;
const SLOW_REPLY_MS = 2_500;
/**
 * The fast webhook's events all arrive within this. Before the fix none arrived: the slow webhook's
 * records filled the buffer, which then had to drain to half at one request per 2.5 s (80 s).
 */
const FAST_DEADLINE_MS = 20_000;
/** Once the slow endpoint answers at once: the deferral (10 s) plus the backlog, with room for a busy machine. */
const SLOW_DRAIN_DEADLINE_MS = 40_000;

const eventIdOf = (request: ReceivedRequest): string => (JSON.parse(request.body) as { id: string }).id;

/** Every expected event id arrived; the copies of one event (at least once) share their webhook-id. */
function expectEachDeliveredWithStableId(
  requests: readonly ReceivedRequest[],
  eventIds: readonly string[],
): void {
  const webhookIds = new Map<string, Set<string>>();
  for (const request of requests) {
    const ids = webhookIds.get(eventIdOf(request)) ?? new Set<string>();
    ids.add(request.headers['webhook-id']);
    webhookIds.set(eventIdOf(request), ids);
  }
  expect(eventIds.filter((id) => !webhookIds.has(id))).toEqual([]);
  expect([...webhookIds.values()].filter((ids) => ids.size !== 1)).toEqual([]);
}

async function distinctEventsWithin(receiver: Receiver, count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let distinct = 0;
  while (Date.now() < deadline) {
    distinct = new Set(receiver.requests.map(eventIdOf)).size;
    if (distinct >= count) break;
    await sleep(50);
  }
  return distinct;
}

/**
 * One slow webhook receiving a burst larger than the dispatcher's whole buffer
 * (DISPATCHER_MAX_BUFFERED) must not stall the other webhooks on that dispatcher, and none of its
 * own events may be lost on the way: the dispatcher hands the backlog it cannot hold to a retry
 * tier, unattempted, and delivers it once it is due.
 */
describe('burst isolation', () => {
  let stack: Stack | undefined;
  let fast: Receiver;
  let slow: Receiver;
  let attempts: TopicCollector;
  /** Aborted to answer the slow endpoint's requests at once, those waiting and those to come. */
  const slowReplies = new AbortController();
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    [stack, fast, slow] = await Promise.all([
      startStack({ dispatcherEnv: { DISPATCHER_MAX_BUFFERED: String(MAX_BUFFERED) } }),
      startReceiver(),
      startReceiver(),
    ]);
    attempts = await stack.consume(INTERNAL_TOPICS.attempts);
  });
  afterAll(async () => {
    slowReplies.abort();
    await Promise.all([fast?.close(), slow?.close()]);
    await stack?.stop();
  });

  it('a slow webhook with a burst larger than the buffer delays no other webhook and loses nothing', async () => {
    const current = stack!;
    const subscriptions = await current.consume(INTERNAL_TOPICS.subscriptions);
    const slowHook = await createWebhook(current, subscriptions, { repository: 'burst/slow', url: slow.url });
    await createWebhook(current, subscriptions, { repository: 'burst/fast', url: fast.url });
    slow.respondWith(async () => {
      await delay(SLOW_REPLY_MS, undefined, { signal: slowReplies.signal }).catch(() => undefined);
      return { status: 200 };
    });

    const slowEvents = Array.from({ length: SLOW_EVENTS }, (_, i) => tagPush('burst/slow', `s${i}`));
    for (let start = 0; start < SLOW_EVENTS; start += 100) {
      await current.produceEvents(slowEvents.slice(start, start + 100));
    }
    // The slow endpoint holds its first request: the burst is in the dispatcher's buffer.
    await slow.waitForRequests(1, 20_000);

    const fastEvents = Array.from({ length: FAST_EVENTS }, (_, i) => tagPush('burst/fast', `f${i}`));
    const fastStartedAt = Date.now();
    for (let start = 0; start < FAST_EVENTS; start += 100) {
      await current.produceEvents(fastEvents.slice(start, start + 100));
    }
    const fastArrived = await distinctEventsWithin(fast, FAST_EVENTS, FAST_DEADLINE_MS);
    const fastMs = Date.now() - fastStartedAt;
    console.log(
      `fast webhook: ${fastArrived}/${FAST_EVENTS} events in ${fastMs} ms; slow webhook meanwhile: ${slow.requests.length} requests`,
    );
    expect(fastArrived).toBe(FAST_EVENTS);
    expectEachDeliveredWithStableId(
      fast.requests,
      fastEvents.map((event) => event.id),
    );

    const slowStartedAt = Date.now();
    slowReplies.abort();
    const slowArrived = await distinctEventsWithin(slow, SLOW_EVENTS, SLOW_DRAIN_DEADLINE_MS);
    console.log(
      `slow webhook: ${slowArrived}/${SLOW_EVENTS} events ${Date.now() - slowStartedAt} ms after it sped up (${slow.requests.length} requests)`,
    );
    expect(slowArrived).toBe(SLOW_EVENTS);
    expectEachDeliveredWithStableId(
      slow.requests,
      slowEvents.map((event) => event.id),
    );

    // A deferral is not an attempt: every attempt the slow webhook's deliveries got is their first.
    const slowAttempts = await attempts.waitFor(SLOW_EVENTS, 20_000, (m) => m.key === slowHook.id);
    const numbers = new Set(slowAttempts.map((m) => (m.json as { number: number }).number));
    expect([...numbers]).toEqual([1]);
    const metrics = await (await fetch(`${current.dispatchers[0].url}/metrics`)).text();
    const deferred = Number(/^webhook_deliveries_deferred_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    console.log(`deliveries deferred by the dispatcher: ${deferred}`);
    expect(deferred).toBeGreaterThan(0);
  });
});
