import { INTERNAL_TOPICS, validateSubscriptionRecord } from '@app/events';
import { Stack, startStack } from '../support/stack';
import { printLogsOnFailure } from '../support/helpers';
import { httpWebhook } from './webhook-bodies';

/** The REST API of the subscriptions app against real PostgreSQL and Apache Kafka. */
describe('subscriptions REST API', () => {
  let stack: Stack;
  let fooOwner: string;
  let barAdmin: string;
  let otherAdmin: string;

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0 });
    [fooOwner, barAdmin, otherAdmin] = await Promise.all([
      stack.tokenFor({ sub: 'olivia', access: [{ type: 'namespace', name: 'foo', actions: ['owner'] }] }),
      stack.tokenFor({ sub: 'bart', access: [{ type: 'repository', name: 'foo/bar', actions: ['admin'] }] }),
      stack.tokenFor({
        sub: 'otto',
        access: [{ type: 'repository', name: 'foo/other', actions: ['admin'] }],
      }),
    ]);
  });
  afterAll(() => stack?.stop());
  printLogsOnFailure(() => stack);

  describe('create and read', () => {
    it('creates a webhook → 201 with the secret once; reading never shows it and masks Authorization', async () => {
      const created = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({
          name: 'buildhook01',
          events: ['TAG_PUSH', 'SCANNING_COMPLETED', 'TAG_PUSH'],
          target: {
            type: 'http',
            url: 'https://ci.example.com/hooks',
            headers: { 'X-Team': 'build' },
            authorization: 'Bearer abcdefghijklmnop',
          },
        }),
        token: barAdmin,
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
      expect(created.body).toMatchObject({
        name: 'buildhook01',
        scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
        events: ['TAG_PUSH', 'SCAN_COMPLETED'],
        target: {
          type: 'http',
          url: 'https://ci.example.com/hooks',
          headers: { 'X-Team': 'build' },
          verifyTls: true,
        },
        format: 'default',
        enabled: true,
        ordered: false,
        createdBy: 'bart',
      });

      const read = await stack.request('GET', `/api/v1/webhooks/${created.body.id}`, { token: barAdmin });
      expect(read.status).toBe(200);
      expect(read.body).not.toHaveProperty('secret');
      expect(read.text).not.toContain(created.body.secret.slice(6));
      expect(read.text).not.toContain('abcdefghijklmnop');
      expect(read.body.target.authorization).toBe('Bear****');
      expect(read.body.createdAt).toBe(created.body.createdAt);
    });

    it('keeps a supplied valid secret and refuses a malformed one', async () => {
      const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
      const created = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'ownsecret1', secret }),
      });
      expect(created.status).toBe(201);
      expect(created.body.secret).toBe(secret);
      const bad = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'ownsecret2', secret: 'whsec_abc' }),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^secret /);
    });

    it('takes the ACR scope string and defaults chat targets to one message per second', async () => {
      const created = await stack.request('POST', '/api/v1/webhooks', {
        body: {
          name: 'slackhook1',
          scope: 'foo/bar:release-*',
          events: ['push'],
          target: { type: 'slack', url: 'https://hooks.slack.com/services/T/B/x' },
        },
        token: fooOwner,
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        scope: { type: 'repository', repository: 'foo/bar', tag: 'release-*' },
        events: ['TAG_PUSH'],
        rateLimitPerSecond: 1,
      });
    });

    it('serves the event-type catalogue to any valid token', async () => {
      const catalogue = await stack.request('GET', '/api/v1/event-types', { token: otherAdmin });
      expect(catalogue.status).toBe(200);
      expect(catalogue.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'QUOTA_EXCEEDED', scope: 'namespace' })]),
      );
      expect(catalogue.body.every((entry: { example?: unknown }) => typeof entry.example === 'object')).toBe(
        true,
      );
    });
  });

  describe('validation → 400 naming the field', () => {
    const cases: [string, Record<string, unknown> | string, RegExp][] = [
      [
        'a bad name',
        httpWebhook({ name: 'Bad Name!' }),
        /^name must be 5 to 50 lowercase letters and digits$/,
      ],
      [
        'a bad URL',
        httpWebhook({ target: { type: 'http', url: 'ftp://files.example.com/x' } }),
        /^target\.url must be an http or https URL$/,
      ],
      [
        'an unknown event',
        httpWebhook({ events: ['TAG_PUSH', 'TAG_EXPLODED'] }),
        /^events contains unknown event types: "TAG_EXPLODED"/,
      ],
      ['empty events', httpWebhook({ events: [] }), /^events must contain at least one event type$/],
      [
        'a scope/event mismatch',
        httpWebhook({ events: ['QUOTA_EXCEEDED'] }),
        /^events: QUOTA_EXCEEDED is a namespace-scope event/,
      ],
      [
        'a CR/LF header injection',
        httpWebhook({
          target: { type: 'http', url: 'https://x.example.com', headers: { 'X-Team': 'a\r\nX-Injected: 1' } },
        }),
        /^target\.headers\.X-Team must not contain CR, LF/,
      ],
      [
        'a reserved header',
        httpWebhook({
          target: { type: 'http', url: 'https://x.example.com', headers: { 'Content-Length': '1' } },
        }),
        /^target\.headers\.Content-Length is set by the dispatcher/,
      ],
      ['an unknown property', { ...httpWebhook(), colour: 'red' }, /^colour is not an allowed property$/],
      [
        'an unknown nested property',
        httpWebhook({ target: { type: 'http', url: 'https://x.example.com', method: 'PUT' } }),
        /^target\.method is not an allowed property$/,
      ],
      ['malformed JSON', '{"name": "buildhook", ', /JSON/],
      [
        'a __proto__ key',
        `{"__proto__": {"admin": true}, ${JSON.stringify(httpWebhook()).slice(1)}`,
        /^__proto__ is not an allowed property$/,
      ],
    ];
    it.each(cases)('%s', async (_case, body, message) => {
      const response = await stack.request(
        'POST',
        '/api/v1/webhooks',
        typeof body === 'string' ? { rawBody: body } : { body },
      );
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
    });

    it('refuses a non-UUID id', async () => {
      const response = await stack.request('GET', '/api/v1/webhooks/not-a-uuid');
      expect(response.status).toBe(400);
      expect(response.body.message).toBe('id must be a UUID');
    });
  });

  describe('authentication and access', () => {
    it('401 without a token, with a bad signature, and with an expired token', async () => {
      const none = await stack.request('GET', '/api/v1/webhooks', { token: null });
      const forged = await stack.request('GET', '/api/v1/webhooks', {
        token: `${stack.adminToken.slice(0, -4)}AAAA`,
      });
      const expired = await stack.request('GET', '/api/v1/webhooks', {
        token: await stack.tokenFor({ sub: 'admin', admin: true }, '-10s'),
      });
      for (const response of [none, forged, expired]) {
        expect(response.status).toBe(401);
        expect(response.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      }
      expect(expired.body.message).toBe('token has expired');
      expect(none.headers['www-authenticate']).toBe('Bearer');
    });

    it('401 on the catalogue without a token; health, metrics and docs are public', async () => {
      expect((await stack.request('GET', '/api/v1/event-types', { token: null })).status).toBe(401);
      for (const path of ['/healthz', '/readyz', '/metrics', '/docs', '/docs/openapi.json']) {
        expect([path, (await stack.request('GET', path, { token: null })).status]).toEqual([path, 200]);
      }
    });

    it.each([
      [
        'a repository admin of foo/other creating on foo/bar',
        () => otherAdmin,
        httpWebhook({ name: 'forbidden1' }),
      ],
      [
        'a namespace owner creating a global webhook',
        () => fooOwner,
        httpWebhook({ name: 'forbidden2', scope: { type: 'global' } }),
      ],
      [
        'a non-admin subscribing to SCANNER_UPDATE_COMPLETED',
        () => fooOwner,
        httpWebhook({ name: 'forbidden3', scope: { type: 'global' }, events: ['SCANNER_UPDATE_COMPLETED'] }),
      ],
      [
        'a repository admin subscribing at namespace scope',
        () => barAdmin,
        httpWebhook({
          name: 'forbidden4',
          scope: { type: 'namespace', namespace: 'foo' },
          events: ['TAG_PUSH'],
        }),
      ],
    ])('403 for %s', async (_case, token, body) => {
      const response = await stack.request('POST', '/api/v1/webhooks', { body, token: token() });
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    });

    it('an admin may subscribe to SCANNER_UPDATE_COMPLETED globally; a namespace owner to namespace events', async () => {
      const scanner = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({
          name: 'scannerhook',
          scope: { type: 'global' },
          events: ['SCANNER_UPDATE_COMPLETED'],
        }),
      });
      expect(scanner.status).toBe(201);
      const quota = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'quotahook1', scope: 'foo', events: ['QUOTA_EXCEED', 'REPO_CREATED'] }),
        token: fooOwner,
      });
      expect(quota.status).toBe(201);
      expect(quota.body.events).toEqual(['QUOTA_EXCEEDED', 'REPO_CREATED']);
    });

    it("404 for another team's webhook, on every route, without revealing it exists", async () => {
      const theirs = await stack.createWebhook(httpWebhook({ name: 'teambhook1' }));
      for (const [method, path, body] of [
        ['GET', `/api/v1/webhooks/${theirs.id}`, undefined],
        ['PATCH', `/api/v1/webhooks/${theirs.id}`, { description: 'mine now' }],
        ['DELETE', `/api/v1/webhooks/${theirs.id}`, undefined],
        ['POST', `/api/v1/webhooks/${theirs.id}/rotate-secret`, {}],
      ] as const) {
        const response = await stack.request(method, path, { body, token: otherAdmin });
        expect([method, response.status, response.body.message]).toEqual([method, 404, 'webhook not found']);
      }
      const missing = await stack.request('GET', '/api/v1/webhooks/00000000-0000-4000-8000-000000000000', {
        token: otherAdmin,
      });
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'webhook not found' });
      const bulk = await stack.request('POST', '/api/v1/webhooks/bulk', {
        body: { action: 'delete', ids: [theirs.id] },
        token: otherAdmin,
      });
      expect(bulk.body.results).toEqual([{ id: theirs.id, status: 'not_found' }]);
      expect((await stack.request('GET', `/api/v1/webhooks/${theirs.id}`)).status).toBe(200);
    });
  });

  describe('names', () => {
    it('409 for a duplicate name in the same scope; the same name is fine in another scope', async () => {
      expect(
        (await stack.request('POST', '/api/v1/webhooks', { body: httpWebhook({ name: 'dupname01' }) }))
          .status,
      ).toBe(201);
      const duplicate = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'dupname01', scope: 'foo/bar:other*' }),
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      const elsewhere = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'dupname01', scope: 'foo/baz' }),
      });
      expect(elsewhere.status).toBe(201);
      const renamed = await stack.request('PATCH', `/api/v1/webhooks/${elsewhere.body.id}`, {
        body: { scope: 'foo/bar' },
      });
      expect(renamed.status).toBe(409);
    });
  });

  describe('list', () => {
    beforeAll(async () => {
      for (const [name, scope, events, enabled] of [
        ['listaaa01', 'list/one', ['TAG_PUSH'], true],
        ['listaaa02', 'list/one', ['SCAN_FAILED'], false],
        ['listaaa03', 'list/two', ['PUSH_ARTIFACT'], true],
        ['listaaa04', 'list', ['QUOTA_WARNING'], true],
        ['listaaa05', 'other/one', ['TAG_PUSH'], true],
      ] as const) {
        await stack.createWebhook(httpWebhook({ name, scope, events: [...events], enabled }));
      }
    });

    const names = (body: { items: { name: string }[] }) => body.items.map((item) => item.name);

    it('filters by namespace, repository, event (name or alias) and enabled', async () => {
      expect(names((await stack.request('GET', '/api/v1/webhooks?namespace=list')).body)).toEqual([
        'listaaa01',
        'listaaa02',
        'listaaa03',
        'listaaa04',
      ]);
      expect(names((await stack.request('GET', '/api/v1/webhooks?repository=list/one')).body)).toEqual([
        'listaaa01',
        'listaaa02',
      ]);
      expect(
        names((await stack.request('GET', '/api/v1/webhooks?namespace=list&event=MANIFEST_PUSH')).body),
      ).toEqual(['listaaa03']);
      expect(
        names((await stack.request('GET', '/api/v1/webhooks?namespace=list&event=PUSH_ARTIFACT')).body),
      ).toEqual(['listaaa03']);
      expect(
        names((await stack.request('GET', '/api/v1/webhooks?namespace=list&enabled=false')).body),
      ).toEqual(['listaaa02']);
      const bad = await stack.request('GET', '/api/v1/webhooks?event=NOPE');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/^event /);
    });

    it('paginates with {items, total, page, pageSize}', async () => {
      const first = await stack.request('GET', '/api/v1/webhooks?namespace=list&pageSize=3');
      expect(first.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(names(first.body)).toEqual(['listaaa01', 'listaaa02', 'listaaa03']);
      const second = await stack.request('GET', '/api/v1/webhooks?namespace=list&pageSize=3&page=2');
      expect(names(second.body)).toEqual(['listaaa04']);
      const defaults = await stack.request('GET', '/api/v1/webhooks');
      expect(defaults.body).toMatchObject({ page: 1, pageSize: 20 });
      expect((await stack.request('GET', '/api/v1/webhooks?pageSize=101')).status).toBe(400);
    });

    it('lists only what the caller may administer', async () => {
      const listOwner = await stack.tokenFor({
        sub: 'lou',
        access: [{ type: 'namespace', name: 'list', actions: ['owner'] }],
      });
      const oneAdmin = await stack.tokenFor({
        sub: 'ona',
        access: [{ type: 'repository', name: 'list/one', actions: ['admin'] }],
      });
      const nobody = await stack.tokenFor({ sub: 'nobody' });
      expect(names((await stack.request('GET', '/api/v1/webhooks', { token: listOwner })).body)).toEqual([
        'listaaa01',
        'listaaa02',
        'listaaa03',
        'listaaa04',
      ]);
      expect(names((await stack.request('GET', '/api/v1/webhooks', { token: oneAdmin })).body)).toEqual([
        'listaaa01',
        'listaaa02',
      ]);
      expect((await stack.request('GET', '/api/v1/webhooks', { token: nobody })).body).toEqual({
        items: [],
        total: 0,
        page: 1,
        pageSize: 20,
      });
    });
  });

  describe('change, delete, bulk, rotate — and every change on webhooks.subscriptions.v1 in order', () => {
    it('create, update, delete → record, record, tombstone; 204 then 404', async () => {
      const topic = await stack.consume(INTERNAL_TOPICS.subscriptions);
      const created = await stack.createWebhook(
        httpWebhook({
          name: 'lifecycle1',
          target: { type: 'http', url: 'https://a.example.com', authorization: 'Bearer 0123456789' },
        }),
      );

      const patched = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, {
        body: {
          description: 'now with retries',
          events: ['TAG_PUSH', 'TAG_DELETE'],
          retry: { schedule: ['1s', '1m'] },
          target: { url: 'https://b.example.com' },
        },
      });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({
        description: 'now with retries',
        events: ['TAG_PUSH', 'TAG_DELETE'],
        retry: { schedule: ['1s', '1m'] },
        target: { url: 'https://b.example.com', authorization: 'Bear****' },
        revision: 2,
      });
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));

      const invalidPatch = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, {
        body: { events: ['QUOTA_EXCEEDED'] },
      });
      expect(invalidPatch.status).toBe(400);
      const nullTarget = await stack.request('PATCH', `/api/v1/webhooks/${created.id}`, {
        body: { target: { url: null } },
      });
      expect(nullTarget.status).toBe(400);
      expect(nullTarget.body.message).toMatch(/^target\.url /);

      const deleted = await stack.request('DELETE', `/api/v1/webhooks/${created.id}`);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expect((await stack.request('GET', `/api/v1/webhooks/${created.id}`)).status).toBe(404);
      expect((await stack.request('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(404);

      const messages = await topic.waitFor(3, 20_000, (m) => m.key === created.id);
      expect(messages).toHaveLength(3);
      const [first, second, tombstone] = messages;
      expect(first.json).toMatchObject({
        id: created.id,
        revision: 1,
        target: { url: 'https://a.example.com', authorization: 'Bearer 0123456789' },
      });
      expect(second.json).toMatchObject({
        revision: 2,
        events: ['TAG_PUSH', 'TAG_DELETE'],
        retry: { scheduleMs: [1000, 60000] },
        target: { url: 'https://b.example.com' },
      });
      expect((first.json as { secrets: { secret: string }[] }).secrets).toEqual([{ secret: created.secret }]);
      expect(validateSubscriptionRecord(first.json).ok).toBe(true);
      expect(validateSubscriptionRecord(second.json).ok).toBe(true);
      expect(tombstone.value).toBeNull();
      expect(first.partition === second.partition && second.partition === tombstone.partition).toBe(true);
    });

    it('bulk applies every id in one transaction, one record per id in request order', async () => {
      const topic = await stack.consume(INTERNAL_TOPICS.subscriptions);
      const ids: string[] = [];
      for (const name of ['bulkhook1', 'bulkhook2', 'bulkhook3'])
        ids.push((await stack.createWebhook(httpWebhook({ name }))).id);
      const missing = '00000000-0000-4000-8000-000000000001';

      const disabled = await stack.request('POST', '/api/v1/webhooks/bulk', {
        body: { action: 'disable', ids: [ids[2], missing, ids[0], ids[1]] },
      });
      expect(disabled.status).toBe(200);
      expect(disabled.body).toEqual({
        action: 'disable',
        results: [
          { id: ids[2], status: 'disabled' },
          { id: missing, status: 'not_found' },
          { id: ids[0], status: 'disabled' },
          { id: ids[1], status: 'disabled' },
        ],
      });
      expect((await stack.request('GET', `/api/v1/webhooks/${ids[0]}`)).body.enabled).toBe(false);

      const deleted = await stack.request('POST', '/api/v1/webhooks/bulk', {
        body: { action: 'delete', ids: [ids[1], ids[0]] },
      });
      expect(deleted.body.results).toEqual([
        { id: ids[1], status: 'deleted' },
        { id: ids[0], status: 'deleted' },
      ]);
      const enabled = await stack.request('POST', '/api/v1/webhooks/bulk', {
        body: { action: 'enable', ids: [ids[2]] },
      });
      expect(enabled.body.results).toEqual([{ id: ids[2], status: 'enabled' }]);

      const ours = (m: { key: string | null }) => ids.includes(m.key ?? '');
      const messages = await topic.waitFor(9, 20_000, ours);
      const summary = (id: string) =>
        messages
          .filter((m) => m.key === id)
          .map((m) =>
            m.value === null
              ? 'tombstone'
              : `${(m.json as { revision: number }).revision}:${(m.json as { enabled: boolean }).enabled}`,
          );
      expect(summary(ids[0])).toEqual(['1:true', '2:false', 'tombstone']);
      expect(summary(ids[1])).toEqual(['1:true', '2:false', 'tombstone']);
      expect(summary(ids[2])).toEqual(['1:true', '2:false', '3:true']);

      const empty = await stack.request('POST', '/api/v1/webhooks/bulk', {
        body: { action: 'enable', ids: [] },
      });
      expect(empty.status).toBe(400);
      expect(empty.body.message).toMatch(/^ids /);
    });

    it('rotate-secret returns a new secret; the old one stays in the record with an expiry', async () => {
      const topic = await stack.consume(INTERNAL_TOPICS.subscriptions);
      const created = await stack.createWebhook(httpWebhook({ name: 'rotatehook' }));
      const rotated = await stack.request('POST', `/api/v1/webhooks/${created.id}/rotate-secret`);
      expect(rotated.status).toBe(200);
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(created.secret);
      const [, record] = await topic.waitFor(2, 20_000, (m) => m.key === created.id);
      const secrets = (record.json as { secrets: { secret: string; expiresAt?: string }[] }).secrets;
      expect(secrets[0]).toEqual({ secret: rotated.body.secret });
      expect(secrets[1].secret).toBe(created.secret);
      expect(rotated.body.previousSecretExpiresAt).toBe(secrets[1].expiresAt);
      const overlapMs = Date.parse(secrets[1].expiresAt!) - Date.now();
      expect(overlapMs).toBeGreaterThan(23 * 3_600_000);
      expect(overlapMs).toBeLessThanOrEqual(24 * 3_600_000);
      expect((await stack.request('GET', `/api/v1/webhooks/${created.id}`)).text).not.toContain(
        rotated.body.secret.slice(6),
      );
    });

    it('changing the scope re-checks access for the new scope', async () => {
      const created = await stack.request('POST', '/api/v1/webhooks', {
        body: httpWebhook({ name: 'movinghook' }),
        token: barAdmin,
      });
      expect(created.status).toBe(201);
      const moved = await stack.request('PATCH', `/api/v1/webhooks/${created.body.id}`, {
        body: { scope: 'foo/other' },
        token: barAdmin,
      });
      expect(moved.status).toBe(403);
      const widened = await stack.request('PATCH', `/api/v1/webhooks/${created.body.id}`, {
        body: { scope: 'foo' },
        token: barAdmin,
      });
      expect(widened.status).toBe(403);
      const byOwner = await stack.request('PATCH', `/api/v1/webhooks/${created.body.id}`, {
        body: { scope: 'foo/other' },
        token: fooOwner,
      });
      expect(byOwner.status).toBe(200);
      expect(
        (await stack.request('GET', `/api/v1/webhooks/${created.body.id}`, { token: barAdmin })).status,
      ).toBe(404);
    });
  });

  it('counts requests and reports the outbox on /metrics', async () => {
    const metrics = await stack.request('GET', '/metrics', { token: null });
    expect(metrics.text).toMatch(/http_requests_total\{[^}]*route="\/api\/v1\/webhooks"[^}]*\} \d+/);
    expect(metrics.text).toMatch(/http_request_duration_seconds_bucket/);
    expect(metrics.text).toMatch(/subscriptions_outbox_published_total\S* [1-9]\d*/);
    expect(metrics.text).toMatch(/subscriptions_outbox_backlog\S* \d+/);
  });
});
