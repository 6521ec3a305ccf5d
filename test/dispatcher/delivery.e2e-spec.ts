import { AttemptRecord, DeliveryRecord, HEADERS, INBOUND_TOPICS, INTERNAL_TOPICS } from '@app/events';
import { Webhook } from 'standardwebhooks';
import { TopicCollector } from '../support/kafka';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';
import { createWebhook, printLogsOnFailure, sleep, tagPush } from '../support/helpers';

/**
 * The dispatcher end to end: both apps as processes, Apache Kafka, loopback receivers. Retries
 * run on a 1 s schedule and requests time out after 2 s so that the retry paths finish quickly.
 */
describe('dispatcher delivery', () => {
  let stack: Stack;
  let subscriptions: TopicCollector;
  let attempts: TopicCollector;
  let deliveries: TopicCollector;
  const receivers: Receiver[] = [];

  const receiver = async (): Promise<Receiver> => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  const waitForAttempts = async (
    subscriptionId: string,
    count: number,
    timeoutMs = 20_000,
  ): Promise<AttemptRecord[]> =>
    (
      await attempts.waitFor(
        count,
        timeoutMs,
        (m) => (m.json as AttemptRecord)?.subscriptionId === subscriptionId,
      )
    ).map((m) => m.json as AttemptRecord);

  beforeAll(async () => {
    stack = await startStack({ env: { DELIVERY_RETRY_SCHEDULE: '1s,1s,1s', DELIVERY_TIMEOUT: '2s' } });
    subscriptions = await stack.consume(INTERNAL_TOPICS.subscriptions);
    attempts = await stack.consume(INTERNAL_TOPICS.attempts);
    deliveries = await stack.consume(INTERNAL_TOPICS.deliveries);
  });

  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  it('delivers an event signed per Standard Webhooks, the body being the event', async () => {
    const r = await receiver();
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/bar', url: r.url });
    const event = tagPush('foo/bar');
    await stack.produceEvent(event);

    const [request] = await r.waitForRequests(1);
    expect(new Webhook(hook.secret).verify(request.body, request.headers)).toEqual(event);
    expect(JSON.parse(request.body)).toEqual(event);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    expect(request.headers['webhook-id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const [attempt] = await waitForAttempts(hook.id, 1);
    expect(attempt).toMatchObject({
      attemptId: `${request.headers['webhook-id']}:1`,
      deliveryId: request.headers['webhook-id'],
      eventId: event.id,
      eventType: 'TAG_PUSH',
      number: 1,
      outcome: 'succeeded',
      response: { statusCode: 200 },
      error: null,
    });
  });

  it('sends invalid records to the invalid topic and still delivers the valid event behind them', async () => {
    const invalid = await stack.consume(INTERNAL_TOPICS.invalid);
    const r = await receiver();
    await createWebhook(stack, subscriptions, { repository: 'foo/mixed', url: r.url });
    const garbage = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
    const { id: _omitted, ...withoutId } = tagPush('foo/mixed');
    const valid = tagPush('foo/mixed');
    await stack.produceRaw(INBOUND_TOPICS.artifact, garbage, 'foo/mixed');
    await stack.produceRaw(INBOUND_TOPICS.artifact, JSON.stringify(withoutId), 'foo/mixed');
    await stack.produceEvent(valid);

    const [request] = await r.waitForRequests(1);
    expect(JSON.parse(request.body)).toEqual(valid);
    const rejected = await invalid.waitFor(2, 10_000, (m) => m.key === 'foo/mixed');
    expect(rejected.map((m) => m.value)).toEqual([garbage, Buffer.from(JSON.stringify(withoutId))]);
    expect(rejected[0].headers[HEADERS.invalidReason]).toMatch(/UTF-8|JSON/);
    expect(rejected[1].headers[HEADERS.invalidReason]).toMatch(/id/);
    expect(rejected[1].headers[HEADERS.sourceTopic]).toBe(stack.topic(INBOUND_TOPICS.artifact));
    expect(rejected[1].headers[HEADERS.sourcePartition]).toBe(
      String(rejected[0].headers[HEADERS.sourcePartition]),
    );
    expect(Number(rejected[1].headers[HEADERS.sourceOffset])).toBe(
      Number(rejected[0].headers[HEADERS.sourceOffset]) + 1,
    );
  });

  it('retries a failing endpoint through the retry topics until it succeeds, once', async () => {
    const r = await receiver();
    r.respondWith((_request, index) => ({ status: index < 2 ? 500 : 200 }));
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/retry', url: r.url });
    await stack.produceEvent(tagPush('foo/retry'));

    const recorded = await waitForAttempts(hook.id, 3);
    expect(recorded.map((a) => [a.number, a.outcome])).toEqual([
      [1, 'retrying'],
      [2, 'retrying'],
      [3, 'succeeded'],
    ]);
    const requests = await r.waitForRequests(3);
    expect(new Set(requests.map((q) => q.headers['webhook-id'])).size).toBe(1);
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(700);
    await sleep(1_500);
    expect(r.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    const r = await receiver();
    r.respondWith((_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 },
    );
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/throttle', url: r.url });
    await stack.produceEvent(tagPush('foo/throttle'));

    const [first, second] = await r.waitForRequests(2, 15_000);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(2_000);
    const recorded = await waitForAttempts(hook.id, 2);
    expect(recorded[0]).toMatchObject({ outcome: 'retrying', response: { statusCode: 429 } });
  });

  it('disables the subscription on 410 Gone and delivers nothing more', async () => {
    const r = await receiver();
    r.respondWith(() => ({ status: 410 }));
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/gone', url: r.url });
    await stack.produceEvent(tagPush('foo/gone'));

    const [attempt] = await waitForAttempts(hook.id, 1);
    expect(attempt).toMatchObject({ outcome: 'failed', response: { statusCode: 410 } });
    expect(attempt.disableSubscription?.reason).toBe(`HTTP 410 Gone from ${new URL(r.url).origin}`);
    await stack.produceEvent(tagPush('foo/gone'));
    await stack.produceEvent(tagPush('foo/gone'));
    await sleep(3_000);
    expect(r.requests).toHaveLength(1);
    const webhook = await stack.request('GET', `/api/v1/webhooks/${hook.id}`);
    expect(webhook.body).toMatchObject({
      enabled: false,
      disabledReason: attempt.disableSubscription?.reason,
    });
  });

  it('delivers nothing to a subscription disabled through the API', async () => {
    const r = await receiver();
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/paused', url: r.url });
    const patched = await stack.request('PATCH', `/api/v1/webhooks/${hook.id}`, { body: { enabled: false } });
    expect(patched.status).toBe(200);
    await subscriptions.waitFor(2, 15_000, (m) => m.key === hook.id);
    await sleep(500);
    await stack.produceEvent(tagPush('foo/paused'));
    const control = await receiver();
    await createWebhook(stack, subscriptions, { repository: 'foo/paused2', url: control.url });
    await stack.produceEvent(tagPush('foo/paused2'));
    await control.waitForRequests(1);
    await sleep(1_000);
    expect(r.requests).toHaveLength(0);
  });

  it('dead-letters a delivery once its retries are exhausted', async () => {
    const deadLetters = await stack.consume(INTERNAL_TOPICS.deadLetter);
    const r = await receiver();
    r.respondWith(() => ({ status: 503 }));
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/dead', url: r.url });
    const event = tagPush('foo/dead');
    await stack.produceEvent(event);

    const [dead] = await deadLetters.waitFor(1, 25_000, (m) => m.key === hook.id);
    expect(dead.json).toMatchObject({
      delivery: { subscriptionId: hook.id, attempt: 4, event: { id: event.id } },
      attempts: { count: 4 },
    });
    expect((await waitForAttempts(hook.id, 4)).map((a) => a.outcome)).toEqual([
      'retrying',
      'retrying',
      'retrying',
      'dead',
    ]);
    expect(r.requests).toHaveLength(4);
  });

  it('does not let a hanging endpoint delay another subscription', async () => {
    const hanging = await receiver();
    hanging.respondWith(() => ({ status: 200, delayMs: 10_000 }));
    const healthy = await receiver();
    await createWebhook(stack, subscriptions, { repository: 'foo/hang', url: hanging.url });
    await createWebhook(stack, subscriptions, { repository: 'foo/hang', url: healthy.url });

    const producedAt = Date.now();
    for (let i = 0; i < 3; i += 1) await stack.produceEvent(tagPush('foo/hang', `v${i}`));
    const delivered = await healthy.waitForRequests(3, 10_000);
    expect(delivered[2].receivedAt - producedAt).toBeLessThan(2_000);
    expect(hanging.requests.length).toBeLessThanOrEqual(1);
  });

  it('commits past events nobody subscribed to', async () => {
    const admin = stack.kafka.admin();
    await admin.connect();
    const topic = stack.topic(INBOUND_TOPICS.artifact);
    const committed = async (): Promise<number> => {
      const [offsets] = await admin.fetchOffsets({
        groupId: `${stack.prefix}registry-webhooks-dispatcher`,
        topics: [topic],
      });
      return offsets.partitions.reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
    };
    try {
      const ends = async (): Promise<number> =>
        (await admin.fetchTopicOffsets(topic)).reduce((sum, { high }) => sum + Number(high), 0);
      await stack.produceEvents(Array.from({ length: 5 }, (_, i) => tagPush(`nobody/r${i}`)));
      const produced = await ends();
      const deadline = Date.now() + 10_000;
      while ((await committed()) < produced && Date.now() < deadline) await sleep(200);
      expect(await committed()).toBe(produced);
    } finally {
      await admin.disconnect();
    }
  });

  it('delivers an event id seen twice once', async () => {
    const r = await receiver();
    await createWebhook(stack, subscriptions, { repository: 'foo/dup', url: r.url });
    const event = tagPush('foo/dup');
    await stack.produceEvent(event);
    await stack.produceEvent(event);
    await r.waitForRequests(1);
    await sleep(2_000);
    expect(r.requests).toHaveLength(1);
  });

  it('delivers 100 events to one subscription in order', async () => {
    const r = await receiver();
    await createWebhook(stack, subscriptions, { repository: 'foo/order', url: r.url });
    const events = Array.from({ length: 100 }, (_, i) => tagPush('foo/order', `v${i}`));
    for (const event of events) await stack.produceEvent(event);
    const requests = await r.waitForRequests(100, 30_000);
    expect(requests.map((q) => (JSON.parse(q.body) as { id: string }).id)).toEqual(events.map((e) => e.id));
  });

  it('keeps an ordered subscription in order: later events wait on the deliveries topic while the first is retried', async () => {
    const r = await receiver();
    r.respondWith((_request, index) => ({ status: index === 0 ? 500 : 200 }));
    const hook = await createWebhook(stack, subscriptions, {
      repository: 'foo/ordered',
      url: r.url,
      body: { ordered: true },
    });
    const events = [0, 1, 2].map((i) => tagPush('foo/ordered', `v${i}`));
    for (const event of events) await stack.produceEvent(event);

    const requests = await r.waitForRequests(4, 15_000);
    expect(requests.map((q) => (JSON.parse(q.body) as { id: string }).id)).toEqual([
      events[0].id,
      events[0].id,
      events[1].id,
      events[2].id,
    ]);
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(700);
    const recorded = await waitForAttempts(hook.id, 4);
    expect(recorded.slice(0, 2).map((a) => [a.number, a.outcome])).toEqual([
      [1, 'retrying'],
      [2, 'succeeded'],
    ]);
    // The failing delivery's next attempt and the events behind it were handed to the deliveries
    // topic together, in order; the first attempt was made directly.
    const handedOn = await deliveries.waitFor(3, 5_000, (m) => m.key === hook.id);
    expect(
      handedOn.map((m) => [(m.json as DeliveryRecord).event.id, (m.json as DeliveryRecord).attempt]),
    ).toEqual([
      [events[0].id, 2],
      [events[1].id, 1],
      [events[2].id, 1],
    ]);
  });

  it('spaces deliveries to a rate-limited subscription', async () => {
    const r = await receiver();
    await createWebhook(stack, subscriptions, {
      repository: 'foo/limited',
      url: r.url,
      body: { rateLimitPerSecond: 4 },
    });
    for (let i = 0; i < 5; i += 1) await stack.produceEvent(tagPush('foo/limited', `v${i}`));
    const requests = await r.waitForRequests(5, 15_000);
    for (let i = 1; i < requests.length; i += 1) {
      expect(requests[i].receivedAt - requests[i - 1].receivedAt).toBeGreaterThanOrEqual(200);
    }
  });

  it('stops delivering to a deleted subscription within 2 s', async () => {
    const r = await receiver();
    const hook = await createWebhook(stack, subscriptions, { repository: 'foo/deleted', url: r.url });
    await stack.produceEvent(tagPush('foo/deleted'));
    await r.waitForRequests(1);
    expect((await stack.request('DELETE', `/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    await sleep(2_000);
    await stack.produceEvent(tagPush('foo/deleted'));
    await sleep(2_500);
    expect(r.requests).toHaveLength(1);
  });
});
