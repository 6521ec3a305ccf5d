import { SUBSCRIPTION_SERVICE_FULL_NAME } from '@app/proto';
import { Metadata, status } from '@grpc/grpc-js';
import { Stack, startStack } from '../support/stack';
import {
  bearer,
  call,
  healthClient,
  reflectionClient,
  subscriptionServiceClient,
  SubscriptionServiceClient,
} from './grpc-client';

/** SubscriptionService, health and reflection over a real gRPC connection to the running app. */
describe('subscriptions gRPC', () => {
  let stack: Stack;
  let client: SubscriptionServiceClient;
  const hooks: Record<string, { id: string }> = {};
  let auth: Metadata;

  const create = async (key: string, body: Record<string, unknown>): Promise<void> => {
    hooks[key] = await stack.createWebhook({
      name: `grpc${key}hook`,
      target: { type: 'http', url: 'https://ci.example.com/hooks' },
      ...body,
    });
  };
  const ids = (items: { id: string }[]): string[] => items.map((item) => item.id);
  const sorted = (...keys: string[]): string[] => keys.map((key) => hooks[key].id).sort();

  beforeAll(async () => {
    stack = await startStack({ dispatchers: 0 });
    client = subscriptionServiceClient(stack.grpcAddress);
    auth = bearer(stack.grpcToken);
    await create('repotag', { scope: 'foo/bar:v*', events: ['TAG_PUSH'] });
    await create('namespace', {
      scope: { type: 'namespace', namespace: 'foo' },
      events: ['TAG_PUSH', 'SCAN_COMPLETED'],
    });
    await create('global', { scope: { type: 'global' }, events: ['push'] });
    await create('other', { scope: { type: 'repository', repository: 'other/x' }, events: ['TAG_PUSH'] });
    await create('disabled', {
      scope: { type: 'repository', repository: 'foo/bar' },
      events: ['TAG_PUSH'],
      enabled: false,
    });
  });

  afterAll(async () => {
    client?.close();
    await stack?.stop();
  });

  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls !== state.numPassingAsserts)
      process.stdout.write(`${state.currentTestName}\n${stack.logs()}\n`);
  });

  describe('authentication', () => {
    it('refuses calls without the token, with a wrong one, or with another scheme', async () => {
      const id = hooks.repotag.id;
      await expect(call(client, 'GetSubscription', { id })).rejects.toMatchObject({
        code: status.UNAUTHENTICATED,
      });
      await expect(call(client, 'GetSubscription', { id }, bearer('wrong'))).rejects.toMatchObject({
        code: status.UNAUTHENTICATED,
      });
      const basic = new Metadata();
      basic.set('authorization', `Basic ${stack.grpcToken}`);
      await expect(call(client, 'ListSubscriptions', {}, basic)).rejects.toMatchObject({
        code: status.UNAUTHENTICATED,
      });
    });

    it('refuses a watch without the token', async () => {
      const stream = client.WatchSubscriptions({}, new Metadata());
      const error = await new Promise<{ code: number }>((resolve) => stream.on('error', resolve));
      expect(error.code).toBe(status.UNAUTHENTICATED);
    });
  });

  describe('GetSubscription', () => {
    it('returns the subscription without secrets or credentials', async () => {
      const subscription = await call(client, 'GetSubscription', { id: hooks.repotag.id }, auth);
      expect(subscription).toEqual({
        id: hooks.repotag.id,
        name: 'grpcrepotaghook',
        description: '',
        scope: { type: 'repository', namespace: 'foo', repository: 'foo/bar', tag: 'v*' },
        events: ['TAG_PUSH'],
        target: { type: 'http', url: 'https://ci.example.com/hooks', verify_tls: true },
        format: 'default',
        enabled: true,
        disabled_reason: '',
        created_by: 'admin',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(JSON.stringify(subscription)).not.toContain('whsec_');
    });

    it('answers NOT_FOUND for an unknown id and INVALID_ARGUMENT for a malformed one', async () => {
      await expect(
        call(client, 'GetSubscription', { id: '00000000-0000-4000-8000-000000000000' }, auth),
      ).rejects.toMatchObject({ code: status.NOT_FOUND });
      await expect(call(client, 'GetSubscription', { id: 'nope' }, auth)).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining('id'),
      });
    });
  });

  describe('ListSubscriptions', () => {
    it('lists every subscription, oldest first, with paging', async () => {
      const all = await call(client, 'ListSubscriptions', {}, auth);
      expect(all).toMatchObject({ total: 5, page: 1, page_size: 20 });
      expect(ids(all.items)).toEqual(
        ['repotag', 'namespace', 'global', 'other', 'disabled'].map((key) => hooks[key].id),
      );

      const second = await call(client, 'ListSubscriptions', { page: 2, page_size: 2 }, auth);
      expect(second).toMatchObject({ total: 5, page: 2, page_size: 2 });
      expect(ids(second.items)).toEqual([hooks.global.id, hooks.other.id]);
    });

    it('filters by event (name or alias), enabled, namespace and repository', async () => {
      expect(
        ids((await call(client, 'ListSubscriptions', { event: 'SCANNING_COMPLETED' }, auth)).items),
      ).toEqual([hooks.namespace.id]);
      expect(ids((await call(client, 'ListSubscriptions', { enabled: false }, auth)).items)).toEqual([
        hooks.disabled.id,
      ]);
      expect(ids((await call(client, 'ListSubscriptions', { enabled: true }, auth)).items)).toHaveLength(4);
      expect(ids((await call(client, 'ListSubscriptions', { namespace: 'foo' }, auth)).items).sort()).toEqual(
        sorted('repotag', 'namespace', 'disabled'),
      );
      expect(ids((await call(client, 'ListSubscriptions', { repository: 'other/x' }, auth)).items)).toEqual([
        hooks.other.id,
      ]);
    });

    it('answers INVALID_ARGUMENT naming the bad field', async () => {
      await expect(call(client, 'ListSubscriptions', { page_size: 500 }, auth)).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining('page_size'),
      });
      await expect(call(client, 'ListSubscriptions', { event: 'NOT_A_TYPE' }, auth)).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining('event'),
      });
    });
  });

  describe('MatchSubscriptions', () => {
    it('returns the enabled subscriptions whose scope and events cover the event', async () => {
      const tagged = await call(
        client,
        'MatchSubscriptions',
        { event_type: 'TAG_PUSH', namespace: 'foo', repository: 'foo/bar', tag: 'v1.2' },
        auth,
      );
      expect(ids(tagged.items)).toEqual(sorted('repotag', 'namespace', 'global'));

      // The tag filter v* does not cover 1.0; the disabled one never matches.
      const other = await call(
        client,
        'MatchSubscriptions',
        { event_type: 'push', repository: 'foo/bar', tag: '1.0' },
        auth,
      );
      expect(ids(other.items)).toEqual(sorted('namespace', 'global'));

      const scan = await call(
        client,
        'MatchSubscriptions',
        { event_type: 'SCAN_COMPLETED', namespace: 'foo', repository: 'foo/baz' },
        auth,
      );
      expect(ids(scan.items)).toEqual([hooks.namespace.id]);

      const elsewhere = await call(
        client,
        'MatchSubscriptions',
        { event_type: 'TAG_PUSH', repository: 'other/x', tag: 'latest' },
        auth,
      );
      expect(ids(elsewhere.items)).toEqual(sorted('global', 'other'));
    });

    it('answers INVALID_ARGUMENT for an unknown event type or an inconsistent target', async () => {
      await expect(call(client, 'MatchSubscriptions', { event_type: 'NOPE' }, auth)).rejects.toMatchObject({
        code: status.INVALID_ARGUMENT,
        details: expect.stringContaining('event_type'),
      });
      await expect(
        call(
          client,
          'MatchSubscriptions',
          { event_type: 'TAG_PUSH', namespace: 'bar', repository: 'foo/bar' },
          auth,
        ),
      ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    });
  });

  describe('WatchSubscriptions', () => {
    it('streams changes committed after the stream is live: an upsert, then a delete', async () => {
      const stream = client.WatchSubscriptions({}, auth);
      const changes: any[] = [];
      stream.on('data', (change) => changes.push(change));
      stream.on('error', () => undefined);
      await new Promise((resolve) => stream.once('metadata', resolve));

      const created = await stack.createWebhook({
        name: 'grpcwatchhook',
        scope: { type: 'namespace', namespace: 'watched' },
        events: ['REPO_CREATED'],
        target: { type: 'http', url: 'https://watch.example.com/hooks' },
      });
      // Generous: the outbox relay and the change feed share a loaded machine with the whole suite.
      const until = async (predicate: () => boolean): Promise<void> => {
        const deadline = Date.now() + 45_000;
        while (!predicate()) {
          if (Date.now() > deadline) {
            throw new Error(
              `no such change; got ${JSON.stringify(changes)}\nsubscriptions app:\n${stack.subscriptions.tail(40)}`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      await until(() => changes.some((c) => c.id === created.id && c.kind === 'UPSERT'));
      expect(changes.find((c) => c.id === created.id)).toEqual({
        kind: 'UPSERT',
        id: created.id,
        subscription: expect.objectContaining({
          id: created.id,
          name: 'grpcwatchhook',
          scope: { type: 'namespace', namespace: 'watched', repository: '', tag: '' },
          events: ['REPO_CREATED'],
        }),
      });

      expect((await stack.request('DELETE', `/api/v1/webhooks/${created.id}`)).status).toBe(204);
      await until(() => changes.some((c) => c.id === created.id && c.kind === 'DELETE'));
      expect(changes.filter((c) => c.id === created.id).at(-1)).toEqual({
        kind: 'DELETE',
        id: created.id,
        subscription: null,
      });
      stream.cancel();
    });
  });

  describe('health and reflection', () => {
    it('reports SERVING for the server and for SubscriptionService, without a token', async () => {
      const health = healthClient(stack.grpcAddress);
      try {
        for (const service of ['', SUBSCRIPTION_SERVICE_FULL_NAME]) {
          const response = await new Promise<any>((resolve, reject) =>
            health.Check({ service }, new Metadata(), (error, value) =>
              error ? reject(error) : resolve(value),
            ),
          );
          expect(response).toEqual({ status: 'SERVING' });
        }
      } finally {
        health.close();
      }
    });

    it('lists the services and describes SubscriptionService through server reflection, without a token', async () => {
      const reflection = reflectionClient(stack.grpcAddress);
      try {
        const stream = reflection.ServerReflectionInfo();
        const responses: any[] = [];
        const done = new Promise<void>((resolve, reject) => {
          stream.on('data', (response) => {
            responses.push(response);
            if (responses.length === 2) stream.end();
          });
          stream.on('end', resolve);
          stream.on('error', reject);
        });
        stream.write({ list_services: '' });
        stream.write({ file_containing_symbol: SUBSCRIPTION_SERVICE_FULL_NAME });
        await done;

        const names = responses[0].list_services_response.service.map((s: { name: string }) => s.name);
        expect(names).toEqual(
          expect.arrayContaining([SUBSCRIPTION_SERVICE_FULL_NAME, 'grpc.health.v1.Health']),
        );
        const files: Buffer[] = responses[1].file_descriptor_response.file_descriptor_proto;
        expect(Buffer.concat(files).toString('latin1')).toContain('WatchSubscriptions');
      } finally {
        reflection.close();
      }
    });
  });
});
