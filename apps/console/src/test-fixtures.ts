import type { CatalogueEntryView, DeliveryView, WebhookStatsView, WebhookView } from './api/types';

export const WEBHOOK: WebhookView = {
  id: '6f1c2a9e-7b4d-4e59-9a61-0c8d5b2f7e14',
  name: 'buildhook01',
  description: 'Triggers the CI pipeline',
  scope: { type: 'repository', repository: 'foo/bar', tag: 'v*' },
  events: ['TAG_PUSH', 'SCAN_COMPLETED'],
  target: {
    type: 'http',
    url: 'https://ci.example.com/hooks',
    headers: { 'X-Team': 'build', 'X-Api-Token': '[redacted]' },
    authorization: 'Bear****',
    verifyTls: true,
  },
  format: 'default',
  enabled: true,
  disabledReason: null,
  retry: { schedule: ['10s', '1m'] },
  ordered: false,
  rateLimitPerSecond: null,
  createdBy: 'alice',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  revision: 1,
};

export const STATS: WebhookStatsView = {
  since: '2026-11-21T10:00:00.000Z',
  until: '2026-11-22T10:00:00.000Z',
  deliveries: 4,
  succeeded: 3,
  failed: 1,
  pending: 0,
  failureRate: 0.25,
  hours: Array.from({ length: 25 }, (_, index) => ({
    start: new Date(Date.parse('2026-11-21T10:00:00.000Z') + index * 3_600_000).toISOString(),
    deliveries: index === 24 ? 4 : 0,
    succeeded: index === 24 ? 3 : 0,
    failed: index === 24 ? 1 : 0,
    pending: 0,
    failureRate: index === 24 ? 0.25 : null,
  })),
  lastDelivery: { id: '01JD2F3G4H5J6K7M8N9P0QRSTV', createdAt: '2026-11-22T09:59:00.000Z', status: 'failed' },
};

const entry = (
  type: CatalogueEntryView['type'],
  family: CatalogueEntryView['family'],
  scope: CatalogueEntryView['scope'],
  access: CatalogueEntryView['access'],
  availability: CatalogueEntryView['availability'] = 'ui-and-api',
): CatalogueEntryView => ({
  type,
  family,
  topic: `registry.${family}.v1`,
  scope,
  access,
  availability,
  aliases: [],
  description: `${type} happened.`,
  example: {
    specversion: '1',
    id: `01${type}`,
    type,
    occurredAt: '2026-11-22T10:00:00.123Z',
    source: 'registry.example.com',
    target: { namespace: 'library', repository: 'library/nginx', tag: '1.0' },
    data: {},
  } as unknown as CatalogueEntryView['example'],
});

export const CATALOGUE: CatalogueEntryView[] = [
  entry('TAG_PUSH', 'artifact', 'repository', 'repository-admin'),
  entry('TAG_DELETE', 'artifact', 'repository', 'repository-admin'),
  entry('SCAN_COMPLETED', 'scan', 'repository', 'repository-admin'),
  entry('QUOTA_EXCEEDED', 'quota', 'namespace', 'namespace-owner'),
  entry('SCANNER_UPDATE_COMPLETED', 'system', 'global', 'admin', 'api-only'),
];

export const DELIVERY: DeliveryView = {
  id: '01JD2F3G4H5J6K7M8N9P0QRSTV',
  webhookId: WEBHOOK.id,
  eventId: '01M81B5HBV3V0XYWTK1PNH30NJ',
  eventType: 'TAG_PUSH',
  kind: 'event',
  status: 'succeeded',
  repository: 'foo/bar',
  tag: '1.0',
  digest: 'sha256:1bc04b5291c26a46d918139138b992d2de976d6851d0893b0476b85bfbdfc6e6',
  attemptCount: 1,
  createdAt: '2026-11-22T10:00:00.000Z',
  lastAttemptAt: '2026-11-22T10:00:00.050Z',
  attempts: [
    {
      number: 1,
      at: '2026-11-22T10:00:00.050Z',
      durationMs: 42,
      request: {
        url: 'https://ci.example.com/hooks',
        headers: {
          'content-type': 'application/json',
          authorization: '[redacted]',
          'webhook-id': '01JD2F3G4H5J6K7M8N9P0QRSTV',
        },
        body: '{"type":"TAG_PUSH"}',
      },
      response: { statusCode: 200, headers: { 'content-type': 'text/html' }, body: 'ok', truncated: false },
      error: null,
      outcome: 'succeeded',
    },
  ],
};
