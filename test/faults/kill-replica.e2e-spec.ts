import { CanonicalEvent, INTERNAL_TOPICS } from '@app/events';
import { printLogsOnFailure, produceStreaming, sleep, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const NAMESPACES = 20;
const REPOSITORIES_PER_NAMESPACE = 10;
const EVENT_COUNT = 5_000;
/** Deliveries arrived when a replica is killed: 30%, well into the stream and well before its end. */
const KILL_AFTER_DELIVERED = 1_500;
/** How long the events may take to arrive once all are produced (includes the 6 s session timeout). */
const DRAIN_MS = 60_000;
/** Once all arrived, how long late copies (and anything unexpected) are still waited for. */
const SETTLE_MS = 2_000;

const namespaceOf = (index: number): string => `kill${String(index).padStart(2, '0')}`;

/**
 * Three dispatchers in one group deliver 5,000 events about 200 repositories to 20 webhooks, one per
 * namespace of 10 repositories (so each event has exactly one expected delivery, to its webhook's
 * own path), while one dispatcher is SIGKILLed mid-stream. At least once, end to end: every
 * expected (webhook, event) pair arrives, nothing else does, and a redelivered pair carries the
 * webhook-id of its first copy. The session timeout is short so the killed member's partitions are
 * handed over within the test (see scaling.e2e-spec.ts).
 */
describe('kill a replica', () => {
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);
  const hookUrl = (namespace: number): string => `${receiver.url}/${namespace}`;

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 3, dispatcherEnv: { DISPATCHER_SESSION_TIMEOUT: '6s' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('delivers all 5,000 events to the right webhooks when one of three dispatchers is SIGKILLed', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const hooks = await Promise.all(
      Array.from({ length: NAMESPACES }, (_, i) =>
        stack.createWebhook({
          name: `killhook${i}`,
          scope: { type: 'namespace', namespace: namespaceOf(i) },
          events: ['TAG_PUSH'],
          target: { type: 'http', url: hookUrl(i) },
          format: 'default',
        }),
      ),
    );
    const hookIds = new Set(hooks.map((h: { id: string }) => h.id));
    await subscriptions.waitFor(NAMESPACES, 30_000, (m) => hookIds.has(m.key ?? ''));
    // Every dispatcher applies the records within a fetch wait of seeing them.
    await sleep(1_000);

    /** The one path each event is expected at: its namespace's webhook's. */
    const expectedPath = new Map<string, string>();
    const events: CanonicalEvent[] = Array.from({ length: EVENT_COUNT }, (_, i) => {
      const namespace = i % NAMESPACES;
      const repository = Math.floor(i / NAMESPACES) % REPOSITORIES_PER_NAMESPACE;
      const event = tagPush(`${namespaceOf(namespace)}/repo${repository}`, `v${i}`);
      expectedPath.set(event.id, new URL(hookUrl(namespace)).pathname);
      return event;
    });
    const pairKey = (path: string, eventId: string): string => `${path} ${eventId}`;
    const arrivedPairs = new Set<string>();
    receiver.respondWith((request) => {
      arrivedPairs.add(pairKey(request.path, (JSON.parse(request.body) as { id: string }).id));
      return { status: 200 };
    });

    const killedAfter = (async () => {
      while (arrivedPairs.size < KILL_AFTER_DELIVERED) await sleep(20);
      const delivered = arrivedPairs.size;
      await stack.dispatchers[1].kill();
      return delivered;
    })();
    await produceStreaming(stack, events, () => arrivedPairs.size);
    console.log(`dispatcher-2 SIGKILLed after ${await killedAfter} of ${EVENT_COUNT} deliveries`);

    const expectedPairs = events.map((e) => pairKey(expectedPath.get(e.id)!, e.id));
    const missing = (): string[] => expectedPairs.filter((pair) => !arrivedPairs.has(pair));
    const deadline = Date.now() + DRAIN_MS;
    while (missing().length > 0 && Date.now() < deadline) await sleep(200);
    expect({ missing: missing().length }).toEqual({ missing: 0 });
    await sleep(SETTLE_MS);

    const webhookIdsByPair = new Map<string, Set<string>>();
    for (const request of receiver.requests) {
      const key = pairKey(request.path, (JSON.parse(request.body) as { id: string }).id);
      webhookIdsByPair.set(key, (webhookIdsByPair.get(key) ?? new Set()).add(request.headers['webhook-id']));
    }
    const expected = new Set(expectedPairs);
    expect([...webhookIdsByPair.keys()].filter((pair) => !expected.has(pair))).toEqual([]);
    const duplicates = receiver.requests.length - webhookIdsByPair.size;
    console.log(
      `${receiver.requests.length} requests for ${EVENT_COUNT} expected deliveries: ${duplicates} duplicates`,
    );
    expect([...webhookIdsByPair].filter(([, ids]) => ids.size !== 1).map(([pair]) => pair)).toEqual([]);
    expect(stack.dispatchers.map((d) => d.running)).toEqual([true, false, true]);
  });
});
