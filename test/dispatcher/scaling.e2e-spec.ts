import { INTERNAL_TOPICS } from '@app/events';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';

/**
 * Three dispatchers share the work; one stopped gracefully and one killed while events flow lose
 * nothing. Kafka hands a stopped member's partitions over at once (it leaves its group) and a
 * killed member's only after its session timeout, hence the short session timeout here.
 */
describe('dispatcher replicas', () => {
  let stack: Stack;
  let r: Receiver;

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 3, dispatcherEnv: { DISPATCHER_SESSION_TIMEOUT: '6s' } });
    r = await startReceiver();
  });

  afterAll(async () => {
    await r?.close();
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  it('delivers every event at least once while one replica shuts down and another is killed', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const repositories = ['scale/a', 'scale/b', 'scale/c', 'scale/d', 'scale/e', 'scale/f'];
    for (const repository of repositories)
      await createWebhook(stack, subscriptions, { repository, url: r.url });

    const events = Array.from({ length: 60 }, (_, i) =>
      tagPush(repositories[i % repositories.length], `v${i}`),
    );
    const stopped: Promise<number | null>[] = [];
    for (const [i, event] of events.entries()) {
      if (i === 20) stopped.push(stack.dispatchers[0].stop());
      if (i === 40) stopped.push(stack.dispatchers[1].kill());
      await stack.produceEvent(event);
      await sleep(20);
    }
    await Promise.all(stopped);

    const expected = new Set(events.map((e) => e.id));
    const delivered = (): Set<string> =>
      new Set(r.requests.map((q) => (JSON.parse(q.body) as { id: string }).id));
    const deadline = Date.now() + 60_000;
    while ([...expected].some((id) => !delivered().has(id)) && Date.now() < deadline) await sleep(200);
    expect([...expected].filter((id) => !delivered().has(id))).toEqual([]);
    // Duplicates are allowed (at least once) but carry the same webhook-id as the first copy.
    const idsByEvent = new Map<string, Set<string>>();
    for (const q of r.requests) {
      const id = (JSON.parse(q.body) as { id: string }).id;
      idsByEvent.set(id, (idsByEvent.get(id) ?? new Set()).add(q.headers['webhook-id']));
    }
    expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
  });
});
