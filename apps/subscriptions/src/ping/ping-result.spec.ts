import { OutboundRequest, SendResult } from '@app/delivery';
import { pingAttemptRecord, toPingResult } from './ping-result';

const request: OutboundRequest = {
  url: 'https://ci.example.com/hooks',
  headers: {
    'content-type': 'application/json',
    authorization: 'Bearer abc',
    'x-api-key': 'k',
    'webhook-id': 'D1',
  },
  body: '{"type":"PING"}',
  verifyTls: true,
};
const answered = (statusCode: number): SendResult => ({
  response: { statusCode, headers: { 'content-type': 'text/plain' }, body: 'pong', truncated: false },
  error: null,
  durationMs: 42,
});
const refused: SendResult = {
  response: null,
  error: { code: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:9' },
  durationMs: 3,
};

describe('toPingResult', () => {
  it('is a success with the answer for a 2xx', () => {
    expect(toPingResult('D1', answered(204))).toEqual({
      deliveryId: 'D1',
      success: true,
      statusCode: 204,
      durationMs: 42,
      response: {
        statusCode: 204,
        headers: { 'content-type': 'text/plain' },
        body: 'pong',
        truncated: false,
      },
      error: null,
    });
  });

  it('is no success for any other status, the answer still shown', () => {
    for (const status of [301, 404, 410, 500]) {
      expect(toPingResult('D1', answered(status))).toMatchObject({
        success: false,
        statusCode: status,
        response: { statusCode: status },
      });
    }
  });

  it('reports why there was no answer', () => {
    expect(toPingResult('D1', refused)).toEqual({
      deliveryId: 'D1',
      success: false,
      statusCode: null,
      durationMs: 3,
      response: null,
      error: { code: 'connection_refused', message: 'connect ECONNREFUSED 127.0.0.1:9' },
    });
  });
});

describe('pingAttemptRecord', () => {
  const at = new Date('2026-05-01T10:00:00.000Z');
  const ping = { id: 'D1', occurredAt: at.toISOString(), subscription: { id: 'W1', name: 'hook' } };

  it('records a single final attempt of kind ping, credentials redacted', () => {
    expect(
      pingAttemptRecord({ subscriptionId: 'W1', deliveryId: 'D1', ping, request, result: answered(200), at }),
    ).toEqual({
      attemptId: 'D1:1',
      deliveryId: 'D1',
      subscriptionId: 'W1',
      kind: 'ping',
      eventId: 'D1',
      eventType: 'PING',
      event: ping,
      number: 1,
      at: '2026-05-01T10:00:00.000Z',
      durationMs: 42,
      request: {
        method: 'POST',
        url: 'https://ci.example.com/hooks',
        headers: {
          'content-type': 'application/json',
          authorization: '[redacted]',
          'x-api-key': '[redacted]',
          'webhook-id': 'D1',
        },
        body: '{"type":"PING"}',
      },
      response: {
        statusCode: 200,
        headers: { 'content-type': 'text/plain' },
        body: 'pong',
        truncated: false,
      },
      error: null,
      outcome: 'succeeded',
    });
  });

  it('marks a failed ping failed (never retrying, never disabling)', () => {
    const record = pingAttemptRecord({
      subscriptionId: 'W1',
      deliveryId: 'D1',
      ping,
      request,
      result: refused,
      at,
    });
    expect(record).toMatchObject({
      outcome: 'failed',
      response: null,
      error: { code: 'connection_refused' },
    });
    expect(record.disableSubscription).toBeUndefined();
    expect(
      pingAttemptRecord({ subscriptionId: 'W1', deliveryId: 'D1', ping, request, result: answered(410), at })
        .outcome,
    ).toBe('failed');
  });
});
