import { randomBytes } from 'node:crypto';
import { printLogsOnFailure } from '../support/helpers';
import { Receiver, Stack, startReceiver, startStack } from '../support/stack';
import { TokenClaims } from '../support/tokens';

/**
 * DTR's access levels through the REST API: every principal × one event type of each scope ×
 * create, read, update, delete and ping. A denied create is 403; a webhook the caller may not
 * administer does not exist for them (404).
 */
const PRINCIPALS: Record<string, TokenClaims> = {
  admin: { sub: 'admin', admin: true },
  'namespace owner of foo': {
    sub: 'owner',
    access: [{ type: 'namespace', name: 'foo', actions: ['owner'] }],
  },
  'repository admin of foo/bar': {
    sub: 'bar',
    access: [{ type: 'repository', name: 'foo/bar', actions: ['admin'] }],
  },
  'repository admin of foo/other': {
    sub: 'other',
    access: [{ type: 'repository', name: 'foo/other', actions: ['admin'] }],
  },
  'no rights': { sub: 'nobody' },
};

const SCOPES = {
  'repository (TAG_PUSH on foo/bar)': {
    scope: { type: 'repository', repository: 'foo/bar' },
    events: ['TAG_PUSH'],
    allowed: ['admin', 'namespace owner of foo', 'repository admin of foo/bar'],
  },
  'namespace (QUOTA_EXCEEDED on foo)': {
    scope: { type: 'namespace', namespace: 'foo' },
    events: ['QUOTA_EXCEEDED'],
    allowed: ['admin', 'namespace owner of foo'],
  },
  'global (SCANNER_UPDATE_COMPLETED)': {
    scope: { type: 'global' },
    events: ['SCANNER_UPDATE_COMPLETED'],
    allowed: ['admin'],
  },
};

const OPERATIONS = ['create', 'read', 'update', 'delete', 'ping'] as const;

const cases = Object.keys(PRINCIPALS).flatMap((who) =>
  Object.entries(SCOPES).flatMap(([scopeName, { allowed }]) =>
    OPERATIONS.map((operation) => [who, scopeName, operation, allowed.includes(who)] as const),
  ),
);

describe('authorization matrix', () => {
  let stack: Stack | undefined;
  let receiver: Receiver;
  const tokens: Record<string, string> = {};
  printLogsOnFailure(() => stack);

  beforeAll(async () => {
    [stack, receiver] = await Promise.all([startStack({ dispatchers: 0 }), startReceiver()]);
    for (const [who, claims] of Object.entries(PRINCIPALS)) tokens[who] = await stack.tokenFor(claims);
  });
  afterAll(async () => {
    await receiver?.close();
    await stack?.stop();
  });

  const body = (scopeName: keyof typeof SCOPES) => ({
    name: `m${randomBytes(6).toString('hex')}`,
    scope: SCOPES[scopeName].scope,
    events: SCOPES[scopeName].events,
    target: { type: 'http', url: receiver.url },
  });

  it.each(cases)('%s, %s, %s → allowed: %s', async (who, scopeName, operation, allowed) => {
    const api = stack!;
    const token = tokens[who];
    const scope = scopeName as keyof typeof SCOPES;
    if (operation === 'create') {
      const response = await api.request('POST', '/api/v1/webhooks', { body: body(scope), token });
      expect(response.status).toBe(allowed ? 201 : 403);
      return;
    }
    const { id } = await api.createWebhook(body(scope));
    const path = `/api/v1/webhooks/${id}`;
    const response =
      operation === 'read'
        ? await api.request('GET', path, { token })
        : operation === 'update'
          ? await api.request('PATCH', path, { body: { description: 'changed' }, token })
          : operation === 'delete'
            ? await api.request('DELETE', path, { token })
            : await api.request('POST', `${path}/ping`, { token });
    const success = { read: 200, update: 200, delete: 204, ping: 200 }[operation];
    expect(response.status).toBe(allowed ? success : 404);
    const afterwards = await api.request('GET', path);
    expect(afterwards.status).toBe(operation === 'delete' && allowed ? 404 : 200);
  });
});
