import { INTERNAL_TOPICS } from '@app/events';
import { printLogsOnFailure } from '../support/helpers';
import { APP_ENTRY, AppProcess } from '../support/app-process';
import { Stack, startStack } from '../support/stack';
import { httpWebhook } from './webhook-bodies';

const UNREACHABLE_KAFKA = '127.0.0.1:1';

/** The REST API keeps working without Kafka; changes wait in the outbox and go out, in order, once it is back. */
describe('subscriptions app without Kafka', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0, subscriptionsEnv: { KAFKA_BROKERS: UNREACHABLE_KAFKA } });
  });
  afterAll(() => stack?.stop());
  printLogsOnFailure(() => stack);

  it('serves REST while Kafka is unreachable and publishes the backlog in order once it can', async () => {
    const ready = await stack.request('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body.checks.database.status).toBe('up');
    expect(ready.body.checks.kafka.kafka).not.toBe('up');

    const created = await stack.createWebhook(httpWebhook({ name: 'offlinehook' }));
    const patched = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, {
      body: { enabled: false },
    });
    expect(patched.status).toBe(200);
    const other = await stack.createWebhook(httpWebhook({ name: 'offlinehook2' }));
    expect((await stack.request('DELETE', `/api/v1/webhooks/${other.id}`)).status).toBe(204);

    const metrics = await stack.request('GET', '/metrics', { token: null });
    expect(metrics.text).toMatch(/subscriptions_outbox_backlog\{[^}]*\} 4/);

    // SIGTERM stops it promptly even though the relay is still trying to reach Kafka.
    const started = Date.now();
    await stack.subscriptions.stop('SIGTERM', 20_000);
    expect(Date.now() - started).toBeLessThan(10_000);

    // The app creates its topics once Kafka answers; the collector reads from the beginning.
    await stack.startSubscriptions({ KAFKA_BROKERS: stack.brokers.join(',') });
    const topic = await stack.consume(INTERNAL_TOPICS.subscriptions);
    const ours = (m: { key: string | null }) => m.key === created.id || m.key === other.id;
    const messages = await topic.waitFor(4, 30_000, ours);
    expect(
      messages
        .filter((m) => m.key === created.id)
        .map((m) => (m.json as { revision: number; enabled: boolean }).enabled),
    ).toEqual([true, false]);
    expect(messages.filter((m) => m.key === other.id).map((m) => m.value === null)).toEqual([false, true]);

    const afterwards = await stack.request('GET', '/readyz', { token: null });
    expect(afterwards.body.checks.kafka).toMatchObject({ role: 'leader', kafka: 'up' });
  });
});

describe('subscriptions app configuration', () => {
  it('exits 1 naming AUTH_JWT_SECRET and AUTH_JWKS_URL when neither is set', async () => {
    const app = new AppProcess(
      'subscriptions',
      APP_ENTRY.subscriptions,
      { KAFKA_BROKERS: UNREACHABLE_KAFKA, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      'http://127.0.0.1:1',
    );
    const code = await app.exitCodeWithin(20_000);
    await app.kill();
    expect(code).toBe(1);
    expect(app.logs).toContain('AUTH_JWT_SECRET or AUTH_JWKS_URL is required');
  });
});
