import { AttemptRecord, DeliveryRecord, INTERNAL_TOPICS, SubscriptionRecord } from '@app/events';
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { TopicCollector } from '../support/kafka';
import { Stack, startStack } from '../support/stack';
import { attemptRecord, event, eventually, produceAttempts } from './delivery-log';

/**
 * The delivery log: attempt records produced straight onto webhooks.attempts.v1 (as the dispatcher
 * would), read back through the REST API. No dispatcher runs, so nothing else writes attempts.
 * Retention keeps at most 3 deliveries per webhook and sweeps every second.
 */
describe('delivery log', () => {
  let stack: Stack;
  let subscriptionsTopic: TopicCollector;
  let deliveriesTopic: TopicCollector;
  let names = 0;

  const createWebhook = async (repository = 'foo/bar'): Promise<{ id: string }> => {
    names += 1;
    return stack.createWebhook({
      name: `logtest${names}`,
      scope: { type: 'repository', repository },
      events: ['TAG_PUSH', 'SCAN_COMPLETED'],
      target: { type: 'http', url: 'https://ci.example.com/hooks' },
    });
  };
  const ago = (ms: number): Date => new Date(Date.now() - ms);
  const getDelivery = (id: string, token?: string) =>
    stack.request('GET', `/api/v1/deliveries/${id}`, { token });
  let sentinelHook: { id: string };
  /**
   * Produces `records` keyed `key` (one partition, in order), then a sentinel attempt on the same
   * partition for a webhook of its own; once the sentinel is in the log, the records were processed.
   */
  const produceThenSettle = async (key: string, ...records: (AttemptRecord | string)[]): Promise<void> => {
    const sentinel = attemptRecord({
      webhookId: sentinelHook.id,
      deliveryId: ulid(),
      number: 1,
      outcome: 'succeeded',
      event: event('TAG_PUSH'),
      at: ago(0),
    });
    await produceAttempts(stack, key, ...records, sentinel);
    await eventually(
      async () => ((await getDelivery(sentinel.deliveryId)).status === 200 ? true : undefined),
      20_000,
      'the sentinel',
    );
  };

  beforeAll(async () => {
    stack = await startStack({
      dispatchers: 0,
      subscriptionsEnv: { DELIVERY_LOG_MAX_PER_WEBHOOK: '3', DELIVERY_LOG_SWEEP_INTERVAL: '1s' },
    });
    subscriptionsTopic = await stack.consume(INTERNAL_TOPICS.subscriptions);
    deliveriesTopic = await stack.consume(INTERNAL_TOPICS.deliveries);
    sentinelHook = await createWebhook('sentinel/hook');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      process.stdout.write(`${state.currentTestName}\n${stack.logs()}\n`);
  });

  it('records every attempt once, replays included, with the status of the latest attempt', async () => {
    const hook = await createWebhook();
    const pushed = event('TAG_PUSH');
    const first = attemptRecord({
      webhookId: hook.id,
      deliveryId: ulid(),
      number: 1,
      outcome: 'retrying',
      event: pushed,
      at: ago(6_000),
    });
    const second = attemptRecord({
      webhookId: hook.id,
      deliveryId: first.deliveryId,
      number: 2,
      outcome: 'succeeded',
      event: pushed,
      at: ago(1_000),
    });
    await produceThenSettle(hook.id, first, first, second);

    const response = await getDelivery(first.deliveryId);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: first.deliveryId,
      webhookId: hook.id,
      eventId: pushed.id,
      eventType: 'TAG_PUSH',
      kind: 'event',
      status: 'succeeded',
      repository: pushed.target!.repository,
      tag: pushed.target!.tag,
      digest: pushed.target!.digest,
      attemptCount: 2,
      createdAt: first.at,
      lastAttemptAt: second.at,
      attempts: [
        {
          number: 1,
          at: first.at,
          durationMs: 12,
          request: { url: first.request.url, headers: first.request.headers, body: first.request.body },
          response: {
            statusCode: 503,
            headers: { 'content-type': 'text/plain' },
            body: 'answer 1',
            truncated: false,
          },
          error: null,
          outcome: 'retrying',
          nextAttemptAt: first.nextAttemptAt,
        },
        {
          number: 2,
          at: second.at,
          durationMs: 12,
          request: { url: second.request.url, headers: second.request.headers, body: second.request.body },
          response: {
            statusCode: 200,
            headers: { 'content-type': 'text/plain' },
            body: 'answer 2',
            truncated: false,
          },
          error: null,
          outcome: 'succeeded',
        },
      ],
    });

    // Replaying the whole delivery, after its outcome, changes nothing.
    await produceThenSettle(hook.id, second, first);
    expect((await getDelivery(first.deliveryId)).body).toEqual(response.body);
  });

  it('skips invalid records and drops attempts of webhooks that do not exist', async () => {
    const hook = await createWebhook();
    const stranger = attemptRecord({
      webhookId: randomUUID(),
      deliveryId: ulid(),
      number: 1,
      outcome: 'succeeded',
      event: event('TAG_PUSH'),
      at: ago(0),
    });
    const notUuid = attemptRecord({
      webhookId: 'not-a-webhook',
      deliveryId: ulid(),
      number: 1,
      outcome: 'succeeded',
      event: event('TAG_PUSH'),
      at: ago(0),
    });
    const valid = attemptRecord({
      webhookId: hook.id,
      deliveryId: ulid(),
      number: 1,
      outcome: 'succeeded',
      event: event('TAG_PUSH'),
      at: ago(0),
    });
    await produceThenSettle(
      hook.id,
      'not json',
      JSON.stringify({ attemptId: 'x' }),
      stranger,
      notUuid,
      valid,
    );
    expect((await getDelivery(valid.deliveryId)).status).toBe(200);
    expect((await getDelivery(stranger.deliveryId)).status).toBe(404);
    expect((await getDelivery(notUuid.deliveryId)).status).toBe(404);
  });

  describe('a webhook with several deliveries', () => {
    let hook: { id: string };
    const pushedOk = event('TAG_PUSH');
    const scanFailed = event('SCAN_COMPLETED');
    const pushedPending = event('TAG_PUSH');
    const ids = { ok: ulid(), failed: ulid(), pending: ulid() };

    beforeAll(async () => {
      hook = await createWebhook();
      await produceThenSettle(
        hook.id,
        attemptRecord({
          webhookId: hook.id,
          deliveryId: ids.ok,
          number: 1,
          outcome: 'succeeded',
          event: pushedOk,
          at: ago(30_000),
        }),
        attemptRecord({
          webhookId: hook.id,
          deliveryId: ids.failed,
          number: 1,
          outcome: 'failed',
          event: scanFailed,
          at: ago(20_000),
          statusCode: 400,
        }),
        attemptRecord({
          webhookId: hook.id,
          deliveryId: ids.pending,
          number: 1,
          outcome: 'retrying',
          event: pushedPending,
          at: ago(10_000),
        }),
      );
    });

    const list = (query: string, token?: string) =>
      stack.request('GET', `/api/v1/webhooks/${hook.id}/deliveries${query}`, { token });

    it('lists them newest first, paginated', async () => {
      const all = await list('');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(all.body.items.map((d: { id: string }) => d.id)).toEqual([ids.pending, ids.failed, ids.ok]);
      expect(all.body.items[1]).toEqual({
        id: ids.failed,
        webhookId: hook.id,
        eventId: scanFailed.id,
        eventType: 'SCAN_COMPLETED',
        kind: 'event',
        status: 'failed',
        repository: 'library/nginx',
        tag: '1.27.3',
        digest: scanFailed.target!.digest,
        attemptCount: 1,
        createdAt: expect.any(String),
        lastAttemptAt: expect.any(String),
      });
      const page = await list('?page=2&pageSize=2');
      expect(page.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.body.items.map((d: { id: string }) => d.id)).toEqual([ids.ok]);
    });

    it('filters by status and by event type, name or alias', async () => {
      const idsOf = async (query: string) => (await list(query)).body.items.map((d: { id: string }) => d.id);
      expect(await idsOf('?status=failed')).toEqual([ids.failed]);
      expect(await idsOf('?status=pending')).toEqual([ids.pending]);
      expect(await idsOf('?status=dead')).toEqual([]);
      expect(await idsOf('?event=TAG_PUSH')).toEqual([ids.pending, ids.ok]);
      expect(await idsOf('?event=SCANNING_COMPLETED')).toEqual([ids.failed]);
      expect(await idsOf('?event=push&status=succeeded')).toEqual([ids.ok]);
    });

    it('answers 400 naming a bad filter', async () => {
      const badStatus = await list('?status=bogus');
      expect(badStatus.status).toBe(400);
      expect(badStatus.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringContaining('status'),
      });
      const badEvent = await list('?event=NOPE');
      expect(badEvent.status).toBe(400);
      expect(badEvent.body.message).toContain('event');
      expect((await list('?pageSize=0')).body.message).toContain('pageSize');
    });

    it('reports the last trigger time per event type', async () => {
      const response = await stack.request('GET', `/api/v1/webhooks/${hook.id}/last-trigger`);
      expect(response.status).toBe(200);
      const at = async (id: string) => (await getDelivery(id)).body.createdAt;
      expect(response.body).toEqual([
        { eventType: 'TAG_PUSH', lastTriggeredAt: await at(ids.pending) },
        { eventType: 'SCAN_COMPLETED', lastTriggeredAt: await at(ids.failed) },
      ]);
    });

    it('shows the log only to those who may administer the webhook', async () => {
      const outsider = await stack.tokenFor({
        sub: 'eve',
        access: [{ type: 'repository', name: 'other/x', actions: ['admin'] }],
      });
      const owner = await stack.tokenFor({
        sub: 'bob',
        access: [{ type: 'repository', name: 'foo/bar', actions: ['admin'] }],
      });
      expect((await list('', outsider)).status).toBe(404);
      expect((await getDelivery(ids.ok, outsider)).status).toBe(404);
      expect(
        (await stack.request('POST', `/api/v1/deliveries/${ids.ok}/redeliver`, { token: outsider })).status,
      ).toBe(404);
      expect(
        (await stack.request('GET', `/api/v1/webhooks/${hook.id}/last-trigger`, { token: outsider })).status,
      ).toBe(404);
      expect((await list('', owner)).status).toBe(200);
      expect((await getDelivery(ids.ok, owner)).status).toBe(200);
      expect((await stack.request('GET', `/api/v1/deliveries/${ids.ok}`, { token: null })).status).toBe(401);
    });

    it('redelivers the same event as a new delivery on webhooks.deliveries.v1', async () => {
      const response = await stack.request('POST', `/api/v1/deliveries/${ids.failed}/redeliver`);
      expect(response.status).toBe(202);
      expect(response.body).toEqual({ deliveryId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
      expect(response.body.deliveryId).not.toBe(ids.failed);

      const [message] = await deliveriesTopic.waitFor(
        1,
        20_000,
        (m) => (m.json as DeliveryRecord)?.deliveryId === response.body.deliveryId,
      );
      expect(message.key).toBe(hook.id);
      expect(message.json).toEqual({
        deliveryId: response.body.deliveryId,
        subscriptionId: hook.id,
        kind: 'redelivery',
        event: scanFailed,
        attempt: 1,
        createdAt: expect.any(String),
      });
      expect((await stack.request('POST', `/api/v1/deliveries/${ulid()}/redeliver`)).status).toBe(404);
    });
  });

  it('disables the webhook when an attempt asks to, through a subscription record', async () => {
    const hook = await createWebhook();
    const reason = 'endpoint answered 410 Gone';
    await produceThenSettle(
      hook.id,
      attemptRecord({
        webhookId: hook.id,
        deliveryId: ulid(),
        number: 1,
        outcome: 'failed',
        event: event('TAG_PUSH'),
        at: ago(0),
        statusCode: 410,
        disableReason: reason,
      }),
    );
    const webhook = await stack.request('GET', `/api/v1/webhooks/${hook.id}`);
    expect(webhook.body).toMatchObject({ enabled: false, disabledReason: reason });

    const [record] = await subscriptionsTopic.waitFor(
      1,
      20_000,
      (m) => m.key === hook.id && m.value !== null && (m.json as SubscriptionRecord).enabled === false,
    );
    expect(record.json).toMatchObject({ id: hook.id, enabled: false, disabledReason: reason, revision: 2 });
    expect(subscriptionsTopic.messages.filter((m) => m.key === hook.id && m.value === null)).toEqual([]);
  });

  it('keeps at most the newest N deliveries per webhook and nothing older than the retention', async () => {
    const hook = await createWebhook();
    const deliveries = [5, 4, 3, 2, 1].map((minutes) =>
      attemptRecord({
        webhookId: hook.id,
        deliveryId: ulid(),
        number: 1,
        outcome: 'succeeded',
        event: event('TAG_PUSH'),
        at: ago(minutes * 60_000),
      }),
    );
    const ancient = attemptRecord({
      webhookId: hook.id,
      deliveryId: ulid(),
      number: 1,
      outcome: 'succeeded',
      event: event('TAG_PUSH'),
      at: new Date('2020-01-01T00:00:00Z'),
    });
    await produceAttempts(stack, hook.id, ancient, ...deliveries);

    const kept = await eventually(
      async () => {
        const response = await stack.request('GET', `/api/v1/webhooks/${hook.id}/deliveries`);
        const ids: string[] = response.body.items.map((d: { id: string }) => d.id);
        return response.body.total === 3 &&
          !ids.includes(ancient.deliveryId) &&
          ids.includes(deliveries[4].deliveryId)
          ? ids
          : undefined;
      },
      30_000,
      'the sweep',
    );
    expect(kept).toEqual(
      deliveries
        .slice(2)
        .reverse()
        .map((d) => d.deliveryId),
    );
    expect((await getDelivery(ancient.deliveryId)).status).toBe(404);
  });
});
