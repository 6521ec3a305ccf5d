import { exampleEvent } from '@app/events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printLogsOnFailure } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';

/**
 * What someone writing a webhook leans on: who the API thinks they are, a preview of the exact
 * request before saving, the JSON Schema files, and an early refusal of target URLs that delivery
 * would refuse anyway (with private networks refused, the production default).
 */
describe('authoring webhooks', () => {
  let stack: Stack;
  let receiver: Receiver;
  let names = 0;
  const preview = (body: unknown, token?: string | null) =>
    stack.request('POST', '/api/v1/webhooks/preview', { body, token });
  const webhook = (url: string) => ({
    name: `authoring${(names += 1)}`,
    scope: { type: 'repository', repository: 'foo/bar' },
    events: ['TAG_PUSH'],
    target: { type: 'http', url },
  });

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0, env: { DELIVERY_ALLOW_PRIVATE_NETWORKS: 'false' } });
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  printLogsOnFailure(() => stack);

  describe('GET /me', () => {
    it('says who the token belongs to and which scopes it administers', async () => {
      expect((await stack.request('GET', '/api/v1/me')).body).toEqual({
        subject: 'admin',
        admin: true,
        namespaces: [],
        repositories: [],
      });
      const mixed = await stack.tokenFor({
        sub: 'olga',
        access: [
          { type: 'namespace', name: 'foo', actions: ['owner'] },
          { type: 'repository', name: 'bar/app', actions: ['admin'] },
          { type: 'repository', name: 'bar/readonly', actions: ['pull'] },
        ],
      });
      expect((await stack.request('GET', '/api/v1/me', { token: mixed })).body).toEqual({
        subject: 'olga',
        admin: false,
        namespaces: ['foo'],
        repositories: ['bar/app'],
      });
      expect((await stack.request('GET', '/api/v1/me', { token: null })).status).toBe(401);
    });
  });

  describe('POST /webhooks/preview', () => {
    it('formats the catalogue example as the draft would send it, signed, credentials redacted, nothing sent', async () => {
      const response = await preview({
        draft: {
          name: 'buildhook01',
          events: ['TAG_PUSH'],
          target: {
            type: 'http',
            url: receiver.url,
            headers: { 'X-Team': 'build' },
            authorization: 'Bearer abc',
          },
          format: 'dtr',
        },
        eventType: 'push',
      });
      expect(response.status).toBe(200);
      expect(response.body.eventType).toBe('TAG_PUSH');
      const { request } = response.body;
      expect(request).toMatchObject({ method: 'POST', url: receiver.url });
      expect(request.headers).toEqual({
        'x-team': 'build',
        authorization: '[redacted]',
        'content-type': 'application/json',
        'webhook-id': expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
        'webhook-timestamp': expect.stringMatching(/^\d+$/),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]+=*$/),
      });
      const example = exampleEvent('TAG_PUSH');
      expect(JSON.parse(request.body)).toMatchObject({
        type: 'TAG_PUSH',
        createdAt: example.occurredAt,
        contents: { repository: 'nginx', namespace: 'library', tag: '1.27.3' },
      });
      expect(receiver.requests).toHaveLength(0);
    });

    it('shows the chat message for a chat target, whatever the format', async () => {
      const response = await preview({
        draft: { target: { type: 'teams' }, format: 'harbor' },
        eventType: 'QUOTA_WARNING',
      });
      expect(response.status).toBe(200);
      expect(response.body.request.url).toBeNull();
      const body = JSON.parse(response.body.request.body);
      expect(body).toMatchObject({
        type: 'message',
        attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
      });
    });

    it.each([
      [{ draft: {}, eventType: 'NOT_A_TYPE' }, /^eventType must be an event type name or alias/],
      [
        { draft: { target: { url: 'ftp://x' } }, eventType: 'TAG_PUSH' },
        /^draft\.target\.url must be an http or https URL/,
      ],
      [
        { draft: { target: { headers: { Host: 'x' } } }, eventType: 'TAG_PUSH' },
        /^draft\.target\.headers\.Host is set by the dispatcher/,
      ],
      [{ draft: { colour: 'red' }, eventType: 'TAG_PUSH' }, /^draft\.colour is not an allowed property/],
      [{ eventType: 'TAG_PUSH' }, /^draft/],
    ])('answers 400 naming the field for %j', async (body, message) => {
      const response = await preview(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(message),
      });
    });

    it('needs a token', async () => {
      expect((await preview({ draft: {}, eventType: 'TAG_PUSH' }, null)).status).toBe(401);
    });
  });

  describe('target URLs delivery would refuse', () => {
    it.each([
      ['loopback', 'http://127.0.0.1:8080/hook', '127.0.0.1 (loopback)'],
      ['a private address', 'http://10.0.0.1/hook', '10.0.0.1 (private)'],
      ['the metadata address', 'http://169.254.169.254/latest/meta-data', '169.254.169.254 (linkLocal)'],
      ['IPv6 loopback', 'http://[::1]:9000/hook', '::1 (loopback)'],
    ])('refuses %s on create with a 400 naming target.url', async (_name, url, named) => {
      const response = await stack.request('POST', '/api/v1/webhooks', { body: webhook(url) });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(
          new RegExp(`^target\\.url must not point at ${named.replace(/[().]/g, '\\$&')}`),
        ),
      });
    });

    it('refuses them on PATCH too, and leaves names to be checked at delivery', async () => {
      const created = await stack.request('POST', '/api/v1/webhooks', {
        body: webhook('https://ci.example.com/hooks'),
      });
      expect(created.status).toBe(201);
      const patched = await stack.request('PATCH', `/api/v1/webhooks/${created.body.id}`, {
        body: { target: { url: 'http://192.168.1.10/hook' } },
      });
      expect(patched.status).toBe(400);
      expect(patched.body.message).toMatch(/^target\.url must not point at 192\.168\.1\.10 \(private\)/);
      const named = await stack.request('POST', '/api/v1/webhooks', {
        body: webhook('http://localhost:9/hook'),
      });
      expect(named.status).toBe(201);
      const renamed = await stack.request('PATCH', `/api/v1/webhooks/${created.body.id}`, {
        body: { description: 'still public' },
      });
      expect(renamed.status).toBe(200);
    });
  });

  it('documents the console’s routes and filters in the OpenAPI document', async () => {
    const document = (await (await fetch(`${stack.subscriptionsUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: object }>>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/me',
        '/api/v1/webhooks/preview',
        '/api/v1/webhooks/{id}/stats',
        '/api/v1/webhooks/{id}/recover',
        '/api/v1/schemas/{file}',
      ]),
    );
    const parameters = (path: string) => document.paths[path].get.parameters!.map((p) => p.name);
    expect(parameters('/api/v1/webhooks/{id}/deliveries')).toEqual(
      expect.arrayContaining(['status', 'event', 'repository', 'tag', 'digest', 'from', 'to']),
    );
    expect(parameters('/api/v1/webhooks/{id}/stats')).toContain('since');
    expect(Object.keys(document.paths['/api/v1/webhooks/{id}/recover'].post.responses)).toContain('202');
  });

  describe('JSON Schema files', () => {
    it('serves each topic’s schema without a token, as checked into libs/events/schemas', async () => {
      const response = await fetch(`${stack.subscriptionsUrl}/api/v1/schemas/registry.artifact.v1.json`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
      const file = readFileSync(
        join(__dirname, '../../libs/events/schemas/registry.artifact.v1.json'),
        'utf8',
      );
      expect(await response.text()).toBe(file);
      const missing = await fetch(`${stack.subscriptionsUrl}/api/v1/schemas/nope.json`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { message: string }).message).toContain(
        'no schema named "nope.json"',
      );
    });

    it('is linked from every catalogue entry’s topic', async () => {
      const catalogue = await stack.request('GET', '/api/v1/event-types');
      for (const entry of catalogue.body) {
        expect(entry.description).toMatch(/\.$/);
        const schema = await fetch(`${stack.subscriptionsUrl}/api/v1/schemas/${entry.topic}.json`);
        expect(schema.status).toBe(200);
      }
    });
  });
});
