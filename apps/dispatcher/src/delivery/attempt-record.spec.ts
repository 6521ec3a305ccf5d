import { eventOfAttempt, validateAttemptRecord } from '@app/events';
import { delivery, event } from '../testing/fixtures';
import { buildAttemptRecord } from './attempt-record';

const request = {
  url: 'https://hooks.example.com/in',
  headers: {
    'content-type': 'application/json',
    authorization: 'Bearer s3cret',
    'x-api-key': 'k',
    'webhook-signature': 'v1,abc',
  },
  body: '{"a":1}',
  verifyTls: true,
};
const at = new Date('2026-03-01T12:00:00.000Z');

describe('buildAttemptRecord', () => {
  it('records a success with redacted credentials and a valid shape', () => {
    const record = buildAttemptRecord({
      delivery: delivery({ attempt: 2 }),
      request,
      bodyIsEvent: false,
      result: {
        response: { statusCode: 204, headers: { server: 'x' }, body: '', truncated: false },
        error: null,
        durationMs: 42,
      },
      decision: { outcome: 'succeeded' },
      at,
    });
    expect(validateAttemptRecord(record)).toMatchObject({ ok: true });
    expect(record).toMatchObject({
      attemptId: '01JDELIVERY00000000000000A:2',
      deliveryId: '01JDELIVERY00000000000000A',
      subscriptionId: 'sub-1',
      eventType: 'TAG_PUSH',
      number: 2,
      at: '2026-03-01T12:00:00.000Z',
      durationMs: 42,
      outcome: 'succeeded',
      response: { statusCode: 204, body: '', truncated: false },
      error: null,
    });
    expect(record.request).toEqual({
      method: 'POST',
      url: request.url,
      headers: {
        'content-type': 'application/json',
        authorization: '[redacted]',
        'x-api-key': '[redacted]',
        'webhook-signature': 'v1,abc',
      },
      body: '{"a":1}',
    });
    expect(record.nextAttemptAt).toBeUndefined();
    expect(record.disableSubscription).toBeUndefined();
    expect(record.eventId).toBe(record.event && (record.event as { id: string }).id);
  });

  it('records a network error with the next attempt time', () => {
    const record = buildAttemptRecord({
      delivery: delivery(),
      request,
      bodyIsEvent: false,
      result: {
        response: null,
        error: { code: 'connection_refused', message: 'ECONNREFUSED' },
        durationMs: 3,
      },
      decision: { outcome: 'retrying', delayMs: 5_000, reason: 'connection_refused' },
      at,
      nextAttemptAt: at.getTime() + 5_003,
    });
    expect(validateAttemptRecord(record)).toMatchObject({ ok: true });
    expect(record).toMatchObject({
      response: null,
      error: { code: 'connection_refused', message: 'ECONNREFUSED' },
      outcome: 'retrying',
      nextAttemptAt: '2026-03-01T12:00:05.003Z',
    });
  });

  it('carries the event once: only as the request body when the body is the event', () => {
    const body = JSON.stringify(event());
    const record = buildAttemptRecord({
      delivery: delivery(),
      request: { ...request, body },
      bodyIsEvent: true,
      result: { response: null, error: { code: 'timeout', message: 'slow' }, durationMs: 15_000 },
      decision: { outcome: 'retrying', delayMs: 5_000, reason: 'timeout' },
      at,
    });
    expect(record).not.toHaveProperty('event');
    expect(record.request.body).toBe(body);
    expect(eventOfAttempt(record)).toEqual(event());
    expect(validateAttemptRecord(record)).toMatchObject({ ok: true });
  });

  it('carries the disable request', () => {
    const record = buildAttemptRecord({
      delivery: delivery(),
      request,
      bodyIsEvent: false,
      result: {
        response: { statusCode: 410, headers: {}, body: 'gone', truncated: false },
        error: null,
        durationMs: 1,
      },
      decision: {
        outcome: 'failed',
        reason: 'HTTP 410',
        disableReason: 'HTTP 410 Gone from https://hooks.example.com',
      },
      at,
      disableReason: 'HTTP 410 Gone from https://hooks.example.com',
    });
    expect(record.outcome).toBe('failed');
    expect(record.disableSubscription).toEqual({ reason: 'HTTP 410 Gone from https://hooks.example.com' });
  });
});
