import { DeliveryOutcome, nextRetryDelay } from '@app/delivery';

/** What follows an attempt, and the `outcome` its attempt record carries. */
export type Decision =
  | { outcome: 'succeeded' }
  | { outcome: 'retrying'; delayMs: number; reason: string }
  | { outcome: 'dead'; reason: string }
  | { outcome: 'failed'; reason: string; disableReason?: string };

/**
 * Maps the classification of attempt number `attempt` to the next step: success is final; a
 * retryable failure waits the schedule's next delay (or Retry-After, see nextRetryDelay) until the
 * schedule is exhausted, then the delivery is dead; 410 Gone fails the delivery and disables the
 * subscription; a refused address or an invalid URL fails at once.
 */
export function decide(
  classification: DeliveryOutcome,
  context: { attempt: number; scheduleMs: readonly number[]; url: string; random?: () => number },
): Decision {
  switch (classification.outcome) {
    case 'success':
      return { outcome: 'succeeded' };
    case 'retry': {
      const delayMs = nextRetryDelay({
        scheduleMs: context.scheduleMs,
        attempt: context.attempt,
        retryAfterMs: classification.retryAfterMs,
        random: context.random,
      });
      return delayMs === undefined
        ? {
            outcome: 'dead',
            reason: `${classification.reason}; retries exhausted after ${context.attempt} attempts`,
          }
        : { outcome: 'retrying', delayMs, reason: classification.reason };
    }
    case 'disable':
      return {
        outcome: 'failed',
        reason: classification.reason,
        disableReason: `HTTP 410 Gone from ${originOf(context.url)}`,
      };
    case 'fail':
      return { outcome: 'failed', reason: classification.reason };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
