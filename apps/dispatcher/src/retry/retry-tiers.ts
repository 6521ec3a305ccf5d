import { tierFor } from '@app/events';

/** A record due this close to now goes back to deliveries rather than through another tier. */
export const DUE_SLACK_MS = 50;

export type RetryRoute = { wait: number } | { to: 'deliveries' } | { to: 'tier'; tierMs: number };

/**
 * What to do with the record at the head of tier `tierMs`, written at `writtenAt`: wait until it is
 * eligible (`wait` = that time), send it back to deliveries when due, or move it to the tier that
 * fits the time left.
 */
export function retryRoute(
  notBefore: number | undefined,
  writtenAt: number,
  tierMs: number,
  now: number,
): RetryRoute {
  const dueAt = eligibleAt(notBefore, writtenAt, tierMs);
  if (dueAt > now) return { wait: dueAt };
  const remainingMs = (notBefore ?? now) - now;
  return remainingMs <= DUE_SLACK_MS ? { to: 'deliveries' } : { to: 'tier', tierMs: tierFor(remainingMs) };
}

/**
 * When a record in tier `tierMs` may leave it: at its notBefore, and at the latest one tier length
 * after it was written to the tier (the record then moves on to a shorter tier or to deliveries).
 */
export function eligibleAt(notBefore: number | undefined, writtenAt: number, tierMs: number): number {
  const tierEnd = writtenAt + tierMs;
  return notBefore === undefined ? tierEnd : Math.min(notBefore, tierEnd);
}
