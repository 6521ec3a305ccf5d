import { CanonicalEvent, INTERNAL_TOPICS } from '@app/events';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

const REPLICAS = 3;
const REPOSITORIES = Array.from({ length: 20 }, (_, i) => `rolling/r${i}`);
/** Events per second while the replicas restart: enough that every partition has work in flight. */
const EVENTS_PER_SECOND = 60;
const GRACE_MS = 20_000;

/**
 * A rolling restart: each of three replicas in turn gets SIGTERM while events flow, and a new one
 * takes its place. A graceful stop finishes and commits what it took before leaving, and the
 * replicas that stay finish and commit theirs before the group hands their partitions on, so
 * every event arrives exactly once: no loss and no duplicate.
 */
describe('rolling restart', () => {
  let stack: Stack;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    stack = await startStack({ dispatchers: REPLICAS, dispatcherEnv: { DISPATCHER_SESSION_TIMEOUT: '6s' } });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('restarts every replica in turn with no event lost and none delivered twice', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    for (const repository of REPOSITORIES)
      await createWebhook(stack, subscriptions, { repository, url: receiver.url });

    const produced: CanonicalEvent[] = [];
    let producing = true;
    const producer = (async () => {
      while (producing) {
        const started = Date.now();
        const batch = Array.from({ length: EVENTS_PER_SECOND / 10 }, () =>
          tagPush(REPOSITORIES[produced.length % REPOSITORIES.length], `v${produced.length}`),
        );
        for (const event of batch) {
          produced.push(event);
          await stack.produceEvent(event);
        }
        await sleep(Math.max(0, 100 - (Date.now() - started)));
      }
    })();

    try {
      await sleep(2_000);
      for (let i = 0; i < REPLICAS; i += 1) {
        const stopping = Date.now();
        await stack.dispatchers[i].stop('SIGTERM', GRACE_MS);
        // Nest re-raises SIGTERM after its shutdown hooks, so the exit code tells nothing; exiting
        // before the grace period ends (after which it is SIGKILLed) tells the stop was graceful.
        expect(Date.now() - stopping).toBeLessThan(GRACE_MS);
        await stack.startDispatcher();
        await sleep(2_000);
      }
    } finally {
      producing = false;
      await producer;
    }

    const arrivals = new Map<string, string[]>();
    const countArrivals = (): void => {
      arrivals.clear();
      for (const request of receiver.requests) {
        const id = (JSON.parse(request.body) as { id: string }).id;
        arrivals.set(id, [...(arrivals.get(id) ?? []), request.headers['webhook-id']]);
      }
    };
    const deadline = Date.now() + 60_000;
    do {
      await sleep(250);
      countArrivals();
    } while (produced.some((event) => !arrivals.has(event.id)) && Date.now() < deadline);

    expect(produced.filter((event) => !arrivals.has(event.id)).map((event) => event.id)).toEqual([]);
    const duplicated = [...arrivals].filter(([, webhookIds]) => webhookIds.length > 1);
    expect({ events: produced.length, duplicated }).toEqual({ events: produced.length, duplicated: [] });
  });
});
