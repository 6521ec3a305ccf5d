import type { SendResult } from './http-sender';

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;

/** Delays before retry 1, 2, …, 7 (Svix's schedule: 8 attempts over about 27 h). */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND_MS,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  10 * HOUR_MS,
  10 * HOUR_MS,
];

/** Fraction of a scheduled delay added or removed at random, so failed deliveries do not retry in lockstep. */
export const RETRY_JITTER = 0.2;

/** Longest wait a receiver's Retry-After can impose; beyond it the schedule alone decides. */
export const MAX_RETRY_AFTER_MS = 24 * HOUR_MS;

export type DeliveryOutcome =
  | { outcome: 'success' }
  | { outcome: 'retry'; retryAfterMs?: number; reason: string }
  | { outcome: 'disable'; reason: string }
  | { outcome: 'fail'; reason: string };

/**
 * What to do after an attempt. The status code is the receiver's answer, so a response decides
 * even when its body could not be read to the end: 2xx success, 410 Gone disables the
 * subscription, anything else (3xx, since redirects are not followed, 4xx, 5xx) is retried, with
 * 429 and 503 honouring Retry-After. Without a response: a refused address or an invalid URL
 * fails at once (retrying cannot help); every other error is retried.
 */
export function classifyResult(result: SendResult): DeliveryOutcome {
  const { response, error } = result;
  if (response) {
    const { statusCode } = response;
    const reason = `HTTP ${statusCode}`;
    if (statusCode >= 200 && statusCode < 300) return { outcome: 'success' };
    if (statusCode === 410) return { outcome: 'disable', reason };
    if (statusCode === 429 || statusCode === 503) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      return retryAfterMs === undefined
        ? { outcome: 'retry', reason }
        : { outcome: 'retry', retryAfterMs, reason };
    }
    return { outcome: 'retry', reason };
  }
  if (error) {
    const reason = `${error.code}: ${error.message}`;
    if (error.code === 'blocked_address' || error.code === 'invalid_url') return { outcome: 'fail', reason };
    return { outcome: 'retry', reason };
  }
  return { outcome: 'retry', reason: 'no response and no error recorded' };
}

/**
 * Delay before the next attempt, or undefined when the schedule is exhausted. `attempt` is the
 * 1-based number of the attempt that just failed, so attempt n is followed by scheduleMs[n-1].
 * The scheduled delay gets ±20 % jitter; a receiver's Retry-After is a floor over that, but is
 * capped at 24 h so a receiver cannot park a delivery indefinitely.
 */
export function nextRetryDelay(input: {
  scheduleMs: readonly number[];
  attempt: number;
  retryAfterMs?: number;
  random?: () => number;
}): number | undefined {
  const { scheduleMs, attempt, retryAfterMs, random = Math.random } = input;
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  if (attempt > scheduleMs.length) return undefined;
  const scheduled = scheduleMs[attempt - 1];
  const jittered = Math.round(scheduled * (1 + RETRY_JITTER * (2 * random() - 1)));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds: either delay-seconds or an HTTP-date (a date
 * in the past gives 0). Anything else, including negative or fractional seconds, is ignored.
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    const ms = Number(trimmed) * SECOND_MS;
    return Number.isFinite(ms) ? ms : undefined;
  }
  // HTTP-dates always name a weekday and month in letters; this keeps Date.parse's leniency
  // from turning values like "1.5" or "-3" into dates.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
