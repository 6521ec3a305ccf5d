import { createHash } from 'node:crypto';
import { TIME_MAX, ulid } from 'ulid';

/**
 * The delivery id of an event for a subscription, a ULID made deterministic: its time part is the
 * event's time, its random part comes from a hash of (event id, subscription id). Re-reading an
 * inbound record (after a crash or a failed produce) therefore yields the same delivery id, hence
 * the same `webhook-id` header, and receivers that dedupe on it see one delivery.
 */
export function deliveryIdFor(eventId: string, subscriptionId: string, occurredAt: string): string {
  const digest = createHash('sha256').update(eventId).update('\0').update(subscriptionId).digest();
  let next = 0;
  // ulid takes 16 random characters, 5 bits each, from prng() in [0, 1).
  const prng = (): number => digest[next++] / 256;
  // ulid() takes a falsy time as "now", so the earliest time used is 1 ms after the epoch.
  const time = Math.min(Math.max(Date.parse(occurredAt) || 1, 1), TIME_MAX);
  return ulid(time, prng);
}
