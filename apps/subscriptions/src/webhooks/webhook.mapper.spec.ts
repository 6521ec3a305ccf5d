import { validateSubscriptionRecord } from '@app/events';
import {
  maskAuthorization,
  scopeColumns,
  scopeOf,
  toSubscriptionRecord,
  toWebhookView,
} from './webhook.mapper';
import { WebhookEntity } from './webhook.entity';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const OLD_SECRET = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

const entity = (overrides: Partial<WebhookEntity> = {}): WebhookEntity =>
  Object.assign(new WebhookEntity(), {
    id: '3b241101-e2bb-4255-8caf-4136c566a962',
    name: 'buildhook01',
    description: 'CI',
    ...scopeColumns({ type: 'repository', repository: 'foo/bar', tag: 'v*' }),
    events: ['TAG_PUSH', 'SCAN_COMPLETED'],
    target: {
      type: 'http',
      url: 'https://ci.example.com/hooks',
      headers: { 'X-Team': 'build', 'X-Api-Key': 'k' },
      verifyTls: false,
    },
    authorization: 'Bearer abcdefghijklmnop',
    format: 'cloudevents',
    cloudEventsMode: 'binary',
    enabled: false,
    disabledReason: 'endpoint answered 410 Gone',
    secrets: [{ secret: SECRET }, { secret: OLD_SECRET, expiresAt: '2026-11-23T10:00:00.000Z' }],
    retryScheduleMs: [5000, 300000, 1500],
    ordered: true,
    rateLimitPerSecond: 2,
    createdBy: 'alice',
    createdAt: new Date('2026-11-22T10:00:00.000Z'),
    updatedAt: new Date('2026-11-22T11:00:00.000Z'),
    revision: 4,
    ...overrides,
  });

describe('scope columns', () => {
  it.each([
    [
      { type: 'global' },
      { scopeType: 'global', scopeNamespace: null, scopeRepository: null, scopeTag: null },
    ],
    [
      { type: 'namespace', namespace: 'foo' },
      { scopeType: 'namespace', scopeNamespace: 'foo', scopeRepository: null, scopeTag: null },
    ],
    [
      { type: 'repository', repository: 'foo/bar/baz', tag: 'v*' },
      { scopeType: 'repository', scopeNamespace: 'foo', scopeRepository: 'foo/bar/baz', scopeTag: 'v*' },
    ],
    [
      { type: 'repository', repository: 'foo/bar' },
      { scopeType: 'repository', scopeNamespace: 'foo', scopeRepository: 'foo/bar', scopeTag: null },
    ],
  ] as const)('%j round-trips through the columns', (scope, columns) => {
    expect(scopeColumns(scope)).toEqual(columns);
    expect(scopeOf(entity(scopeColumns(scope)))).toEqual(scope);
  });
});

describe('toSubscriptionRecord', () => {
  it('carries everything the dispatcher needs, secrets included, and is a valid record', () => {
    const record = toSubscriptionRecord(entity());
    expect(record).toEqual({
      id: '3b241101-e2bb-4255-8caf-4136c566a962',
      revision: 4,
      name: 'buildhook01',
      scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
      events: ['TAG_PUSH', 'SCAN_COMPLETED'],
      target: {
        type: 'http',
        url: 'https://ci.example.com/hooks',
        headers: { 'X-Team': 'build', 'X-Api-Key': 'k' },
        authorization: 'Bearer abcdefghijklmnop',
        verifyTls: false,
      },
      format: 'cloudevents',
      cloudEventsMode: 'binary',
      enabled: false,
      disabledReason: 'endpoint answered 410 Gone',
      secrets: [{ secret: SECRET }, { secret: OLD_SECRET, expiresAt: '2026-11-23T10:00:00.000Z' }],
      retry: { scheduleMs: [5000, 300000, 1500] },
      ordered: true,
      rateLimitPerSecond: 2,
      updatedAt: '2026-11-22T11:00:00.000Z',
    });
    expect(validateSubscriptionRecord(record).ok).toBe(true);
  });

  it('leaves unset optional fields out', () => {
    const record = toSubscriptionRecord(
      entity({
        authorization: null,
        cloudEventsMode: null,
        disabledReason: null,
        retryScheduleMs: null,
        rateLimitPerSecond: null,
      }),
    );
    expect(record).not.toHaveProperty('cloudEventsMode');
    expect(record).not.toHaveProperty('disabledReason');
    expect(record).not.toHaveProperty('retry');
    expect(record).not.toHaveProperty('rateLimitPerSecond');
    expect(record.target).not.toHaveProperty('authorization');
    expect(validateSubscriptionRecord(record).ok).toBe(true);
  });
});

describe('toWebhookView', () => {
  it('never shows secrets, masks Authorization and credential-like headers', () => {
    const view = toWebhookView(entity());
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(view)).not.toContain('abcdefghijklmnop');
    expect(view).not.toHaveProperty('secrets');
    expect(view.target.authorization).toBe('Bear****');
    expect(view.target.headers).toEqual({ 'X-Team': 'build', 'X-Api-Key': '[redacted]' });
    expect(view.retry).toEqual({ schedule: ['5s', '5m', '1500ms'] });
    expect(view).toMatchObject({
      createdBy: 'alice',
      createdAt: '2026-11-22T10:00:00.000Z',
      disabledReason: 'endpoint answered 410 Gone',
    });
  });
});

describe('maskAuthorization', () => {
  it.each([
    ['Bearer abcdefghijklmnop', 'Bear****'],
    ['Basic dXNlcjpwYXNzd29yZA==', 'Basi****'],
    ['Bearer abc', '[redacted]'],
    ['tok', '[redacted]'],
  ])('%s → %s', (value, masked) => {
    expect(maskAuthorization(value)).toBe(masked);
  });
});
