import { AttemptOutcome, AttemptRecord } from '@app/events';
import { deliveryStatusOf, deliveryUpdates, disableRequests, planIngestion } from './attempt-ingestion';

const WEBHOOK = '0b9f4c1e-7d1a-4c55-9a0e-1f2e3d4c5b6a';

function attempt(
  deliveryId: string,
  number: number,
  outcome: AttemptOutcome,
  extra: Partial<AttemptRecord> = {},
): AttemptRecord {
  return {
    attemptId: `${deliveryId}:${number}`,
    deliveryId,
    subscriptionId: WEBHOOK,
    kind: 'event',
    eventId: 'evt-1',
    eventType: 'TAG_PUSH',
    event: { id: 'evt-1', type: 'TAG_PUSH' },
    number,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, number)).toISOString(),
    durationMs: 12.6,
    request: {
      method: 'POST',
      url: 'https://example.com/hook',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    },
    response: outcome === 'succeeded' ? { statusCode: 200, headers: {}, body: 'ok', truncated: false } : null,
    error: outcome === 'succeeded' ? null : { code: 'connection_refused', message: 'refused' },
    outcome,
    ...extra,
  };
}

describe('deliveryStatusOf', () => {
  it('keeps final outcomes and turns a pending retry into pending', () => {
    expect(deliveryStatusOf('succeeded')).toBe('succeeded');
    expect(deliveryStatusOf('failed')).toBe('failed');
    expect(deliveryStatusOf('dead')).toBe('dead');
    expect(deliveryStatusOf('retrying')).toBe('pending');
  });
});

describe('planIngestion', () => {
  it('maps records to one delivery row per delivery and one attempt row per attempt', () => {
    const plan = planIngestion([
      attempt('d1', 1, 'retrying', { nextAttemptAt: '2026-01-01T00:00:06.000Z' }),
      attempt('d1', 2, 'succeeded'),
    ]);
    expect(plan.deliveries).toEqual([
      {
        id: 'd1',
        webhook_id: WEBHOOK,
        event_id: 'evt-1',
        event_type: 'TAG_PUSH',
        kind: 'event',
        event: { id: 'evt-1', type: 'TAG_PUSH' },
        created_at: '2026-01-01T00:00:01.000Z',
      },
    ]);
    expect(
      plan.attempts.map((a) => [a.attempt_id, a.number, a.outcome, a.duration_ms, a.next_attempt_at]),
    ).toEqual([
      ['d1:1', 1, 'retrying', 13, '2026-01-01T00:00:06.000Z'],
      ['d1:2', 2, 'succeeded', 13, null],
    ]);
    expect(plan.attempts[1].response).toEqual({ statusCode: 200, headers: {}, body: 'ok', truncated: false });
  });

  it("takes a delivery's event from the request body of a record that carries it only there", () => {
    const event = { id: 'evt-2', type: 'TAG_PUSH', target: { repository: 'foo/bar' } };
    const { event: _carried, ...rest } = attempt('d2', 1, 'succeeded');
    const plan = planIngestion([{ ...rest, request: { ...rest.request, body: JSON.stringify(event) } }]);
    expect(plan.deliveries[0].event).toEqual(event);
    expect(plan.attempts[0].request.body).toBe(JSON.stringify(event));
  });

  it('counts a record repeated within the batch once', () => {
    const plan = planIngestion([attempt('d1', 1, 'retrying'), attempt('d1', 1, 'retrying')]);
    expect(plan.attempts).toHaveLength(1);
    expect(deliveryUpdates(plan, ['d1:1'])).toEqual([
      {
        id: 'd1',
        added: 1,
        last_attempt_number: 1,
        status: 'pending',
        last_attempt_at: '2026-01-01T00:00:01.000Z',
      },
    ]);
  });

  it('dates a delivery by its earliest attempt in the batch', () => {
    const plan = planIngestion([attempt('d1', 3, 'dead'), attempt('d1', 2, 'retrying')]);
    expect(plan.deliveries[0].created_at).toBe('2026-01-01T00:00:02.000Z');
  });
});

describe('deliveryUpdates', () => {
  it('takes the status from the highest attempt number, whatever the arrival order', () => {
    const plan = planIngestion([
      attempt('d1', 3, 'dead'),
      attempt('d1', 1, 'retrying'),
      attempt('d1', 2, 'retrying'),
    ]);
    expect(deliveryUpdates(plan, ['d1:3', 'd1:1', 'd1:2'])).toEqual([
      {
        id: 'd1',
        added: 3,
        last_attempt_number: 3,
        status: 'dead',
        last_attempt_at: '2026-01-01T00:00:03.000Z',
      },
    ]);
  });

  it('moves nothing for attempts that were already in the log (a replay)', () => {
    const plan = planIngestion([
      attempt('d1', 1, 'retrying'),
      attempt('d1', 2, 'failed'),
      attempt('d2', 1, 'succeeded'),
    ]);
    expect(deliveryUpdates(plan, [])).toEqual([]);
    expect(deliveryUpdates(plan, ['d2:1'])).toEqual([
      {
        id: 'd2',
        added: 1,
        last_attempt_number: 1,
        status: 'succeeded',
        last_attempt_at: '2026-01-01T00:00:01.000Z',
      },
    ]);
  });

  it('ignores ids that are not part of the plan', () => {
    expect(deliveryUpdates(planIngestion([attempt('d1', 1, 'succeeded')]), ['other:1'])).toEqual([]);
  });
});

describe('disableRequests', () => {
  it('asks to disable a webhook only for newly inserted attempts that say so', () => {
    const plan = planIngestion([
      attempt('d1', 1, 'failed', { disableSubscription: { reason: 'endpoint answered 410 Gone' } }),
      attempt('d2', 1, 'succeeded'),
    ]);
    expect(disableRequests(plan, ['d1:1', 'd2:1'])).toEqual([
      { webhookId: WEBHOOK, reason: 'endpoint answered 410 Gone' },
    ]);
    expect(disableRequests(plan, ['d2:1'])).toEqual([]);
  });
});
