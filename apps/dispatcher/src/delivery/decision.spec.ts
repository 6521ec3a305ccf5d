import { decide } from './decision';

const context = {
  attempt: 1,
  scheduleMs: [1_000, 5_000],
  url: 'https://hooks.example.com/in?x=1',
  random: () => 0.5,
};

describe('decide', () => {
  it('success is final', () => {
    expect(decide({ outcome: 'success' }, context)).toEqual({ outcome: 'succeeded' });
  });

  it('a retryable failure waits the next scheduled delay', () => {
    expect(decide({ outcome: 'retry', reason: 'HTTP 500' }, context)).toEqual({
      outcome: 'retrying',
      delayMs: 1_000,
      reason: 'HTTP 500',
    });
    expect(decide({ outcome: 'retry', reason: 'HTTP 500' }, { ...context, attempt: 2 })).toMatchObject({
      delayMs: 5_000,
    });
  });

  it('Retry-After longer than the schedule wins', () => {
    expect(decide({ outcome: 'retry', reason: 'HTTP 429', retryAfterMs: 2_000 }, context)).toMatchObject({
      outcome: 'retrying',
      delayMs: 2_000,
    });
  });

  it('is dead once the schedule is exhausted', () => {
    expect(decide({ outcome: 'retry', reason: 'HTTP 500' }, { ...context, attempt: 3 })).toEqual({
      outcome: 'dead',
      reason: 'HTTP 500; retries exhausted after 3 attempts',
    });
    expect(decide({ outcome: 'retry', reason: 'timeout' }, { ...context, scheduleMs: [] })).toMatchObject({
      outcome: 'dead',
    });
  });

  it('410 fails the delivery and disables the subscription, naming the origin', () => {
    expect(decide({ outcome: 'disable', reason: 'HTTP 410' }, context)).toEqual({
      outcome: 'failed',
      reason: 'HTTP 410',
      disableReason: 'HTTP 410 Gone from https://hooks.example.com',
    });
  });

  it('a refused address fails without retry or disable', () => {
    expect(decide({ outcome: 'fail', reason: 'blocked_address: 127.0.0.1' }, context)).toEqual({
      outcome: 'failed',
      reason: 'blocked_address: 127.0.0.1',
    });
  });
});
