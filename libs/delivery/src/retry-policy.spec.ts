import type { DeliveryErrorCode, SendResult } from './http-sender';
import {
  classifyResult,
  DEFAULT_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfter,
} from './retry-policy';

const withStatus = (statusCode: number, headers: Record<string, string> = {}): SendResult => ({
  response: { statusCode, headers, body: '', truncated: false },
  error: null,
  durationMs: 1,
});
const withError = (code: DeliveryErrorCode): SendResult => ({
  response: null,
  error: { code, message: 'details' },
  durationMs: 1,
});

describe('DEFAULT_RETRY_SCHEDULE_MS', () => {
  it('is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', () => {
    expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([5e3, 300e3, 1_800e3, 7_200e3, 18_000e3, 36_000e3, 36_000e3]);
  });
});

describe('classifyResult', () => {
  it.each([200, 201, 202, 204, 299])('HTTP %i is success', (status) => {
    expect(classifyResult(withStatus(status))).toEqual({ outcome: 'success' });
  });

  it('HTTP 410 disables', () => {
    expect(classifyResult(withStatus(410))).toEqual({ outcome: 'disable', reason: 'HTTP 410' });
  });

  it.each([100, 301, 302, 304, 307, 308, 400, 401, 403, 404, 408, 413, 422, 500, 502, 504])(
    'HTTP %i is retried',
    (status) => {
      expect(classifyResult(withStatus(status))).toEqual({ outcome: 'retry', reason: `HTTP ${status}` });
    },
  );

  it.each([429, 503])('HTTP %i honours Retry-After', (status) => {
    expect(classifyResult(withStatus(status, { 'retry-after': '120' }))).toEqual({
      outcome: 'retry',
      retryAfterMs: 120_000,
      reason: `HTTP ${status}`,
    });
    expect(classifyResult(withStatus(status))).toEqual({ outcome: 'retry', reason: `HTTP ${status}` });
  });

  it('ignores Retry-After on other statuses', () => {
    expect(classifyResult(withStatus(500, { 'retry-after': '120' }))).toEqual({
      outcome: 'retry',
      reason: 'HTTP 500',
    });
  });

  it.each<DeliveryErrorCode>(['blocked_address', 'invalid_url'])('%s fails without retrying', (code) => {
    expect(classifyResult(withError(code))).toEqual({ outcome: 'fail', reason: `${code}: details` });
  });

  it.each<DeliveryErrorCode>([
    'dns_failure',
    'connect_timeout',
    'connection_refused',
    'connection_reset',
    'timeout',
    'tls_error',
    'network_error',
    'aborted',
  ])('%s is retried', (code) => {
    expect(classifyResult(withError(code))).toEqual({ outcome: 'retry', reason: `${code}: details` });
  });

  it('lets the status decide when the body failed after the headers', () => {
    const result: SendResult = {
      response: { statusCode: 200, headers: {}, body: 'par', truncated: true },
      error: { code: 'timeout', message: 'slow body' },
      durationMs: 1,
    };
    expect(classifyResult(result)).toEqual({ outcome: 'success' });
  });
});

describe('nextRetryDelay', () => {
  const scheduleMs = [1_000, 10_000, 100_000];

  it('follows the schedule with ±20 % jitter', () => {
    expect(nextRetryDelay({ scheduleMs, attempt: 1, random: () => 0 })).toBe(800);
    expect(nextRetryDelay({ scheduleMs, attempt: 1, random: () => 1 })).toBe(1_200);
    expect(nextRetryDelay({ scheduleMs, attempt: 1, random: () => 0.5 })).toBe(1_000);
    expect(nextRetryDelay({ scheduleMs, attempt: 2, random: () => 0 })).toBe(8_000);
    expect(nextRetryDelay({ scheduleMs, attempt: 3, random: () => 1 })).toBe(120_000);
  });

  it('stays within the jitter bounds with the default random source', () => {
    for (let i = 0; i < 1_000; i++) {
      const delay = nextRetryDelay({ scheduleMs, attempt: 2 });
      expect(delay).toBeGreaterThanOrEqual(8_000);
      expect(delay).toBeLessThanOrEqual(12_000);
    }
  });

  it('is exhausted after the last scheduled retry', () => {
    expect(nextRetryDelay({ scheduleMs, attempt: 4 })).toBeUndefined();
    expect(nextRetryDelay({ scheduleMs: [], attempt: 1 })).toBeUndefined();
    expect(nextRetryDelay({ scheduleMs: DEFAULT_RETRY_SCHEDULE_MS, attempt: 7, random: () => 0.5 })).toBe(
      36_000e3,
    );
    expect(nextRetryDelay({ scheduleMs: DEFAULT_RETRY_SCHEDULE_MS, attempt: 8 })).toBeUndefined();
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(nextRetryDelay({ scheduleMs: [1_000], attempt: 1, retryAfterMs: 2_000, random: () => 1 })).toBe(
      2_000,
    );
    expect(nextRetryDelay({ scheduleMs: [10_000], attempt: 1, retryAfterMs: 2_000, random: () => 0 })).toBe(
      8_000,
    );
  });

  it('caps Retry-After at 24 h', () => {
    expect(
      nextRetryDelay({
        scheduleMs: [1_000],
        attempt: 1,
        retryAfterMs: 10 * MAX_RETRY_AFTER_MS,
        random: () => 0,
      }),
    ).toBe(MAX_RETRY_AFTER_MS);
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => nextRetryDelay({ scheduleMs, attempt: 0 })).toThrow(RangeError);
    expect(() => nextRetryDelay({ scheduleMs, attempt: 1.5 })).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });

  it('reads an HTTP-date relative to now, past dates meaning now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    for (const value of [undefined, '', '-3', '1.5', 'soon', '2 minutes', '1e3']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
