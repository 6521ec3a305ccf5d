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

  it.each([
    ['loopback', (port: string) => `http://127.0.0.1:${port}/hook`],
    ['a private address', () => 'http://10.0.0.1/hook'],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data'],
    ['IPv6 loopback', (port: string) => `http://[::1]:${port}/hook`],
    ['a hostname resolving to loopback', (port: string) => `http://localhost:${port}/hook`],
  ])('refuses %s: a failed attempt with blocked_address, nothing sent', async (_name, url) => {
    const subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const attempts = await stack.consume(INTERNAL_TOPICS.attempts);
    const repository = `foo/ssrf${subscriptions.messages.length}${Date.now().toString(36)}`;
    const hook = await createWebhook(stack, subscriptions, { repository, url: url(new URL(r.url).port) });
    await stack.produceEvent(tagPush(repository));

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
    await sleep(1_000);
    expect(r.requests).toHaveLength(0);
    expect(
      attempts.messages.filter((m) => (m.json as AttemptRecord)?.subscriptionId === hook.id),
    ).toHaveLength(1);
  });
});
