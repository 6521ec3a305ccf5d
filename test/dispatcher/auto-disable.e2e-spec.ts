import { INTERNAL_TOPICS } from '@app/events';
import { createWebhook, printLogsOnFailure, tagPush } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/** A webhook failing for longer than AUTO_DISABLE_AFTER with no success is disabled, visibly in the API. */
describe('auto-disable', () => {
  let stack: Stack | undefined;
  let receiver: Receiver;
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    receiver = await startReceiver();
    stack = await startStack({
      dispatcherEnv: { AUTO_DISABLE_AFTER: '2s', DELIVERY_RETRY_SCHEDULE: '1s,1s,1s,1s,1s,1s,1s,1s' },
    });
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  it('disables a webhook that keeps failing, with the reason, through the subscriptions app', async () => {
    const api = stack!;
    receiver.respondWith(() => ({ status: 500 }));
    const subscriptions = await api.consume(INTERNAL_TOPICS.subscriptions);
    const hook = await createWebhook(api, subscriptions, { repository: 'foo/failing', url: receiver.url });
    await api.produceEvent(tagPush('foo/failing'));

    const disabledRecord = await subscriptions.waitFor(
      1,
      30_000,
      (m) => m.key === hook.id && (m.json as { enabled?: boolean })?.enabled === false,
    );
    expect((disabledRecord[0].json as { disabledReason: string }).disabledReason).toMatch(/failing since/);
    const webhook = await api.request('GET', `/api/v1/webhooks/${hook.id}`);
    expect(webhook.body).toMatchObject({
      enabled: false,
      disabledReason: expect.stringMatching(/failing since/),
    });
    const attemptsBefore = receiver.requests.length;
    expect(attemptsBefore).toBeGreaterThanOrEqual(3);
  });
});
