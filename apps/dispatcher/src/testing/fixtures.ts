import { CanonicalEvent, DeliveryRecord, exampleEvent, SubscriptionRecord } from '@app/events';

/** Builders for unit specs: valid records with the fields a spec cares about overridden. */
export function subscription(overrides: Partial<SubscriptionRecord> = {}): SubscriptionRecord {
  return {
    id: 'sub-1',
    revision: 1,
    name: 'buildhook01',
    scope: { type: 'repository', repository: 'library/nginx' },
    events: ['TAG_PUSH'],
    target: { type: 'http', url: 'https://hooks.example.com/in', headers: {}, verifyTls: true },
    format: 'default',
    enabled: true,
    secrets: [{ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
    ordered: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function event(overrides: Partial<CanonicalEvent> = {}): CanonicalEvent {
  return { ...exampleEvent('TAG_PUSH'), ...overrides } as CanonicalEvent;
}

export function delivery(overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    deliveryId: '01JDELIVERY00000000000000A',
    subscriptionId: 'sub-1',
    kind: 'event',
    event: event(),
    attempt: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}
