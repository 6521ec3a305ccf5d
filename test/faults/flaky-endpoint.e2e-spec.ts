import { AttemptRecord, INTERNAL_TOPICS } from '@app/events';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { Reply } from '../support/receiver';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const REPOSITORY = 'flaky/app';
const EVENT_COUNT = 50;
/** The retry schedule allows six attempts; an event never fails more often than this in a row. */
const MAX_FAILURES_PER_EVENT = 4;

/** mulberry32: a small seeded generator, so every run answers with the same sequence of faults. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Answer = 'ok' | 'error' | 'reset';

/**
 * An endpoint that fails about half its requests, with a 500 or by resetting the connection: every
 * event still arrives, each attempt is recorded, and a repeated request keeps its webhook-id.
 */
describe('flaky endpoint', () => {
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({ env: { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s,1s,1s', DELIVERY_TIMEOUT: '2s' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('delivers all 50 events through 500s and connection resets and records every attempt', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const attempts = await stack.consume(INTERNAL_TOPICS.attempts);
    const random = seededRandom(0x5eed);
    const answers: Answer[] = [];
    const failuresByEvent = new Map<string, number>();
    receiver.respondWith((request, index): Reply => {
      const eventId = (JSON.parse(request.body) as { id: string }).id;
      const failures = failuresByEvent.get(eventId) ?? 0;
      const draw = random();
      const answer: Answer =
        failures >= MAX_FAILURES_PER_EVENT || draw >= 0.5 ? 'ok' : draw < 0.25 ? 'error' : 'reset';
      answers[index] = answer;
      if (answer === 'ok') return { status: 200 };
      failuresByEvent.set(eventId, failures + 1);
      return answer === 'error' ? { status: 500, body: 'flaky' } : { reset: true };
    });
    const hook = await createWebhook(stack, subscriptions, { repository: REPOSITORY, url: receiver.url });

    const events = Array.from({ length: EVENT_COUNT }, (_, i) => tagPush(REPOSITORY, `v${i}`));
    for (const event of events) await stack.produceEvent(event);

    const eventIdOf = (index: number): string =>
      (JSON.parse(receiver.requests[index].body) as { id: string }).id;
    const succeededIds = (): Set<string> =>
      new Set(receiver.requests.flatMap((_, i) => (answers[i] === 'ok' ? [eventIdOf(i)] : [])));
    const deadline = Date.now() + 45_000;
    while (succeededIds().size < EVENT_COUNT && Date.now() < deadline) await sleep(200);
    expect([...succeededIds()].sort()).toEqual(events.map((e) => e.id).sort());

    const failed = answers.filter((a) => a !== 'ok').length;
    // The seeded sequence does fail a good share of the requests, of both kinds.
    expect(failed / answers.length).toBeGreaterThan(0.3);
    expect(answers.filter((a) => a === 'reset').length).toBeGreaterThan(0);
    expect(answers.filter((a) => a === 'error').length).toBeGreaterThan(0);

    const recorded = (
      await attempts.waitFor(
        receiver.requests.length,
        20_000,
        (m) => (m.json as AttemptRecord | null)?.subscriptionId === hook.id,
      )
    ).map((m) => m.json as AttemptRecord);
    expect(recorded.length).toBeGreaterThanOrEqual(receiver.requests.length);
    expect(new Set(recorded.filter((a) => a.outcome === 'succeeded').map((a) => a.eventId))).toEqual(
      new Set(events.map((e) => e.id)),
    );
    expect(recorded.filter((a) => a.outcome === 'dead' || a.outcome === 'failed')).toEqual([]);
    // At least: a request that failed before reaching the receiver would be recorded as well.
    expect(recorded.filter((a) => a.response?.statusCode === 500).length).toBeGreaterThanOrEqual(
      answers.filter((a) => a === 'error').length,
    );
    expect(recorded.filter((a) => a.response === null && a.error !== null).length).toBeGreaterThanOrEqual(
      answers.filter((a) => a === 'reset').length,
    );

    // Every request for one event (first attempt, retries, any duplicate) carries one webhook-id.
    const webhookIdsByEvent = new Map<string, Set<string>>();
    receiver.requests.forEach((q, i) => {
      const ids = webhookIdsByEvent.get(eventIdOf(i)) ?? new Set<string>();
      webhookIdsByEvent.set(eventIdOf(i), ids.add(q.headers['webhook-id']));
    });
    expect([...webhookIdsByEvent.values()].filter((ids) => ids.size !== 1)).toEqual([]);
  });
});
