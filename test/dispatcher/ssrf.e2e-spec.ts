import { AttemptRecord, INTERNAL_TOPICS } from '@app/events';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';

/** With private networks refused (the production default) a loopback target is never called. */
describe('dispatcher SSRF guard', () => {
  let stack: Stack;
  let r: Receiver;

  beforeAll(async () => {
    stack = await startStack({ dispatcherEnv: { DELIVERY_ALLOW_PRIVATE_NETWORKS: 'false' } });
    r = await startReceiver();
  });

  afterAll(async () => {
    await r?.close();
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  it('records a failed attempt with blocked_address and sends nothing', async () => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const attempts = await stack.consume(INTERNAL_TOPICS.attempts);
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/ssrf', url: r.url });
    await stack.produceEvent(tagPush('foo/ssrf'));

    const [message] = await attempts.waitFor(
      1,
      20_000,
      (m) => (m.json as AttemptRecord)?.subscriptionId === hook.id,
    );
    expect(message.json).toMatchObject({
      outcome: 'failed',
      response: null,
      error: { code: 'blocked_address' },
    });
    await sleep(1_500);
    expect(r.requests).toHaveLength(0);
    expect(
      attempts.messages.filter((m) => (m.json as AttemptRecord)?.subscriptionId === hook.id),
    ).toHaveLength(1);
  });
});
