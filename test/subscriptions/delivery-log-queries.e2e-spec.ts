import { AttemptOutcome, AttemptRecord, CanonicalEvent, DeliveryRecord, INTERNAL_TOPICS } from '@app/events';
import { ulid } from 'ulid';
import { TopicCollector } from '../support/kafka';
import { printLogsOnFailure } from '../support/helpers';
import { Stack, startStack } from '../support/stack';
import { attemptRecord, event, eventually, produceAttempts } from './delivery-log';

/**
 * The delivery log's registry-aware filters, the per-hour stats behind the console's failure rate
 * and chart, and "recover failed since…". Attempt records go straight onto webhooks.attempts.v1
 * (as the dispatcher writes them); no dispatcher runs, so nothing else writes or consumes deliveries.
 */
describe('delivery log queries', () => {
  let stack: Stack;
  let deliveriesTopic: TopicCollector;
  let names = 0;
  const HOUR = 3_600_000;
  const ago = (ms: number): Date => new Date(Date.now() - ms);

  const createWebhook = async (repository = 'foo/app'): Promise<{ id: string }> =>
    stack.createWebhook({
      name: `queries${(names += 1)}`,
      scope: { type: 'namespace', namespace: repository.split('/')[0] },
      events: ['TAG_PUSH', 'SCAN_COMPLETED'],
      // A closed loopback port: a ping fails at once.
      target: { type: 'http', url: 'http://127.0.0.1:9/hook' },
    });

  const about = (repository: string, tag: string, digest: string): CanonicalEvent => {
    const base = event('TAG_PUSH');
    return {
      ...base,
      target: { ...base.target, namespace: repository.split('/')[0], repository, tag, digest },
    } as CanonicalEvent;
  };
  const digestOf = (char: string) => `sha256:${char.repeat(64)}`;

  /** One attempt (the delivery's only one) at `at`; the delivery is created at that time. */
  const attempt = (
    webhookId: string,
    outcome: AttemptOutcome,
    at: Date,
    ofEvent: CanonicalEvent = event('TAG_PUSH'),
    extra: Partial<AttemptRecord> = {},
  ): AttemptRecord => ({
    ...attemptRecord({ webhookId, deliveryId: ulid(), number: 1, outcome, event: ofEvent, at }),
    ...extra,
  });

  /** Produces the records, then waits until the last one is in the log (one partition, so all are). */
  const logged = async (webhookId: string, ...records: AttemptRecord[]): Promise<void> => {
    await produceAttempts(stack, webhookId, ...records);
    const last = records.at(-1)!;
    await eventually(
      async () =>
        (await stack.request('GET', `/api/v1/deliveries/${last.deliveryId}`)).status === 200
          ? true
          : undefined,
      20_000,
      'the attempts in the log',
    );
  };

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0 });
    deliveriesTopic = await stack.consume(INTERNAL_TOPICS.deliveries);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  describe('filters on what the event was about, and on time', () => {
    let hook: { id: string };
    const records: Record<string, AttemptRecord> = {};
    const list = (query: string) => stack.request('GET', `/api/v1/webhooks/${hook.id}/deliveries${query}`);
    const idsOf = async (query: string) => {
      const response = await list(query);
      expect(response.status).toBe(200);
      return response.body.items.map((d: { id: string }) => d.id);
    };

    beforeAll(async () => {
      hook = await createWebhook();
      records.app1 = attempt(hook.id, 'succeeded', ago(3 * HOUR), about('foo/app', '1.0', digestOf('a')));
      records.app2 = attempt(hook.id, 'failed', ago(2 * HOUR), about('foo/app', '2.0', digestOf('b')));
      records.web2 = attempt(hook.id, 'succeeded', ago(HOUR), about('foo/web', '2.0', digestOf('b')));
      records.web3 = attempt(hook.id, 'succeeded', ago(60_000), about('foo/web', '3.0', digestOf('c')));
      await logged(hook.id, records.app1, records.app2, records.web2, records.web3);
    });

    it('lists each delivery’s repository, tag and digest', async () => {
      const response = await list('');
      expect(response.body.items[0]).toMatchObject({
        id: records.web3.deliveryId,
        repository: 'foo/web',
        tag: '3.0',
        digest: digestOf('c'),
      });
    });

    it('filters by repository, tag and digest, alone and together', async () => {
      const { app1, app2, web2, web3 } = records;
      expect(await idsOf('?repository=foo/app')).toEqual([app2.deliveryId, app1.deliveryId]);
      expect(await idsOf('?tag=3.0')).toEqual([web3.deliveryId]);
      expect(await idsOf('?tag=2.0')).toEqual([web2.deliveryId, app2.deliveryId]);
      expect(await idsOf(`?digest=${digestOf('b')}`)).toEqual([web2.deliveryId, app2.deliveryId]);
      expect(await idsOf(`?repository=foo/web&digest=${digestOf('b')}`)).toEqual([web2.deliveryId]);
      expect(await idsOf('?repository=foo/app&status=failed')).toEqual([app2.deliveryId]);
      expect(await idsOf('?repository=foo/other')).toEqual([]);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const { app1, app2, web2, web3 } = records;
      expect(await idsOf(`?from=${app2.at}`)).toEqual([web3.deliveryId, web2.deliveryId, app2.deliveryId]);
      expect(await idsOf(`?to=${app2.at}`)).toEqual([app1.deliveryId]);
      expect(await idsOf(`?from=${app2.at}&to=${web3.at}&tag=2.0`)).toEqual([
        web2.deliveryId,
        app2.deliveryId,
      ]);
      const withOffset = new Date(Date.parse(web2.at) - 1).toISOString().replace('Z', '+00:00');
      expect(await idsOf(`?from=${encodeURIComponent(withOffset)}`)).toEqual([
        web3.deliveryId,
        web2.deliveryId,
      ]);
    });

    it.each([
      ['?tag=no%20spaces', /^tag must be a tag/],
      ['?digest=abc', /^digest must be a digest/],
      ['?repository=Not/Valid!', /^repository must be a repository path/],
      ['?from=yesterday', /^from must be an RFC 3339 date-time/],
      ['?to=2026-11-22', /^to must be an RFC 3339 date-time/],
      ['?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z', /^from must not be later than to$/],
    ])('answers 400 naming the filter for %s', async (query, message) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
    });
  });

  describe('stats', () => {
    let hook: { id: string };
    const records: Record<string, AttemptRecord> = {};
    const stats = (query = '', token?: string | null) =>
      stack.request('GET', `/api/v1/webhooks/${hook.id}/stats${query}`, { token });

    beforeAll(async () => {
      hook = await createWebhook('stats/app');
      records.old = attempt(hook.id, 'succeeded', ago(30 * HOUR));
      records.ok1 = attempt(hook.id, 'succeeded', ago(5 * HOUR));
      records.dead = attempt(hook.id, 'dead', ago(5 * HOUR - 60_000));
      records.failed = attempt(hook.id, 'failed', ago(2 * HOUR));
      records.ok2 = attempt(hook.id, 'succeeded', ago(120_000));
      records.retrying = attempt(hook.id, 'retrying', ago(60_000));
      await logged(hook.id, ...Object.values(records));
      // A ping is a test, not a delivery of an event: it is not counted.
      const ping = await stack.request('POST', `/api/v1/webhooks/${hook.id}/ping`);
      expect(ping.body).toMatchObject({ success: false, error: { code: 'connection_refused' } });
    });

    it('counts the last 24 hours by default: totals, failure rate, one entry per hour', async () => {
      const response = await stats();
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body).toMatchObject({ deliveries: 5, succeeded: 2, failed: 2, pending: 1, failureRate: 0.5 });
      expect(Date.parse(body.until) - Date.parse(body.since)).toBe(24 * HOUR);
      expect(body.hours).toHaveLength(25);
      expect(body.hours[0].start).toBe(
        new Date(Math.floor(Date.parse(body.since) / HOUR) * HOUR).toISOString(),
      );
      const sum = (field: string) => body.hours.reduce((total: number, hour: any) => total + hour[field], 0);
      expect([sum('deliveries'), sum('succeeded'), sum('failed'), sum('pending')]).toEqual([5, 2, 2, 1]);
      const hourOf = (record: AttemptRecord) =>
        body.hours.find(
          (hour: any) =>
            hour.start === new Date(Math.floor(Date.parse(record.at) / HOUR) * HOUR).toISOString(),
        );
      expect(hourOf(records.failed)).toMatchObject({ deliveries: 1, failed: 1, failureRate: 1 });
      expect(body.lastDelivery).toEqual({
        id: records.retrying.deliveryId,
        createdAt: records.retrying.at,
        status: 'pending',
      });
    });

    it('takes the window’s start from since', async () => {
      const since = ago(3 * HOUR).toISOString();
      const body = (await stats(`?since=${since}`)).body;
      expect(body).toMatchObject({ since, deliveries: 3, succeeded: 1, failed: 1, pending: 1 });
      expect(body.hours).toHaveLength(4);
      const older = (await stats(`?since=${ago(31 * HOUR).toISOString()}`)).body;
      expect(older).toMatchObject({ deliveries: 6, succeeded: 3 });
    });

    it('is zero with no failure rate for a webhook without deliveries', async () => {
      const empty = await createWebhook('stats/empty');
      const body = (await stack.request('GET', `/api/v1/webhooks/${empty.id}/stats`)).body;
      expect(body).toMatchObject({ deliveries: 0, failureRate: null, lastDelivery: null });
      expect(body.hours.every((hour: any) => hour.deliveries === 0 && hour.failureRate === null)).toBe(true);
    });

    it('refuses a bad window with a 400 naming since, and hides other people’s webhooks', async () => {
      for (const [query, message] of [
        ['?since=soon', /^since must be an RFC 3339 date-time/],
        [`?since=${new Date(Date.now() + HOUR).toISOString()}`, /^since must not be in the future$/],
        [`?since=${ago(32 * 24 * HOUR).toISOString()}`, /^since must be at most 31 days ago$/],
        ['?window=1h', /^window is not an allowed property$/],
      ] as const) {
        const response = await stats(query);
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(message);
      }
      const outsider = await stack.tokenFor({
        sub: 'eve',
        access: [{ type: 'repository', name: 'other/x', actions: ['admin'] }],
      });
      expect((await stats('', outsider)).status).toBe(404);
      expect((await stats('', null)).status).toBe(401);
    });
  });

  describe('recover failed since', () => {
    let hook: { id: string };
    const events = {
      failed: event('TAG_PUSH'),
      dead: event('SCAN_COMPLETED'),
      succeeded: event('TAG_PUSH'),
      tooOld: event('TAG_PUSH'),
      fixedByRedelivery: event('TAG_PUSH'),
      pending: event('TAG_PUSH'),
    };
    const records: Record<string, AttemptRecord> = {};
    const recover = (body: unknown, token?: string) =>
      stack.request('POST', `/api/v1/webhooks/${hook.id}/recover`, { body, token });
    const since = ago(4 * HOUR).toISOString();

    beforeAll(async () => {
      hook = await createWebhook('recover/app');
      records.tooOld = attempt(hook.id, 'failed', ago(6 * HOUR), events.tooOld);
      records.failed = attempt(hook.id, 'failed', ago(3 * HOUR), events.failed);
      records.dead = attempt(hook.id, 'dead', ago(2 * HOUR), events.dead);
      records.succeeded = attempt(hook.id, 'succeeded', ago(2 * HOUR), events.succeeded);
      records.fixedFailed = attempt(hook.id, 'failed', ago(3 * HOUR), events.fixedByRedelivery);
      records.fixedRedelivered = attempt(hook.id, 'succeeded', ago(HOUR), events.fixedByRedelivery, {
        kind: 'redelivery',
      });
      records.pending = attempt(hook.id, 'retrying', ago(HOUR), events.pending);
      await logged(hook.id, ...Object.values(records));
      await stack.request('POST', `/api/v1/webhooks/${hook.id}/ping`);
    });

    it('queues every event whose latest delivery since then failed or died, once, as redeliveries', async () => {
      const response = await recover({ since });
      expect(response.status).toBe(202);
      expect(response.body).toEqual({
        since,
        count: 2,
        deliveryIds: [expect.any(String), expect.any(String)],
      });

      const queued = await deliveriesTopic.waitFor(2, 20_000, (m) =>
        response.body.deliveryIds.includes((m.json as DeliveryRecord)?.deliveryId),
      );
      const byId = new Map(queued.map((m) => [(m.json as DeliveryRecord).deliveryId, m]));
      const [first, second] = response.body.deliveryIds.map((id: string) => byId.get(id)!);
      expect(first.key).toBe(hook.id);
      expect(first.json).toEqual({
        deliveryId: response.body.deliveryIds[0],
        subscriptionId: hook.id,
        kind: 'redelivery',
        event: events.failed,
        attempt: 1,
        createdAt: expect.any(String),
      });
      expect((second.json as DeliveryRecord).event).toEqual(events.dead);
    });

    it('counts nothing when nothing failed since then', async () => {
      const response = await recover({ since: ago(30 * 60_000).toISOString() });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ count: 0, deliveryIds: [] });
    });

    it('answers 400 naming since, 404 to outsiders and 409 for a disabled webhook', async () => {
      for (const body of [{}, { since: 'last week' }, { since, extra: 1 }]) {
        const response = await recover(body);
        expect(response.status).toBe(400);
        expect(response.body.message).toMatch(
          /^(since must be an RFC 3339 date-time|extra is not an allowed property)/,
        );
      }
      const outsider = await stack.tokenFor({
        sub: 'eve',
        access: [{ type: 'namespace', name: 'other', actions: ['owner'] }],
      });
      expect((await recover({ since }, outsider)).status).toBe(404);
      const disabled = await createWebhook('recover/off');
      await stack.request('PATCH', `/api/v1/webhooks/${disabled.id}`, { body: { enabled: false } });
      const refused = await stack.request('POST', `/api/v1/webhooks/${disabled.id}/recover`, {
        body: { since },
      });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toBe('the webhook is disabled; enable it before recovering');
    });
  });
});
