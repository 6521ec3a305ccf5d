import { hash } from 'node:crypto';
import { TIME_MAX } from 'ulid';

/** Crockford's base32, as ULIDs are written. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The delivery id of an event for a subscription, a ULID made deterministic: its time part is the
 * event's time, its random part comes from a hash of (event id, subscription id). Re-reading an
 * inbound record (after a crash or a failed produce) therefore yields the same delivery id, hence
 * the same `webhook-id` header, and receivers that dedupe on it see one delivery.
 *
 * It is the ULID that `ulid(time, prng)` makes when prng() returns the digest's bytes / 256 (each
 * random character is then the top five bits of a byte, the first byte's last), written out here because ulid checks its
 * prng on every call and that cost more than the hash. The earliest time is 1 ms after the epoch,
 * since ulid() takes a time of 0 for "now".
 */
export function deliveryIdFor(eventId: string, subscriptionId: string, occurredAt: string): string {
  const digest = hash('sha256', `${eventId}\0${subscriptionId}`, 'buffer');
  let time = Math.min(Math.max(Date.parse(occurredAt) || 1, 1), TIME_MAX);
  let timePart = '';
  for (let i = 0; i < 10; i += 1) {
    const digit = time % 32;
    timePart = BASE32[digit] + timePart;
    time = (time - digit) / 32;
  }
  let randomPart = '';
  for (let i = 0; i < 16; i += 1) randomPart = BASE32[digest[i] >> 3] + randomPart;
  return timePart + randomPart;
}
