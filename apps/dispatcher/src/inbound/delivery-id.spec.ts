import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { decodeTime, isValid, TIME_MAX, ulid } from 'ulid';
import { deliveryIdFor } from './delivery-id';

describe('deliveryIdFor', () => {
  const at = '2026-03-01T12:00:00.000Z';

  it('is a ULID whose time is the event time', () => {
    const id = deliveryIdFor('evt-1', 'sub-1', at);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(Date.parse(at));
  });

  it('is the same for the same event and subscription', () => {
    expect(deliveryIdFor('evt-1', 'sub-1', at)).toBe(deliveryIdFor('evt-1', 'sub-1', at));
  });

  it('differs per event and per subscription, including ambiguous concatenations', () => {
    const ids = new Set([
      deliveryIdFor('evt-1', 'sub-1', at),
      deliveryIdFor('evt-2', 'sub-1', at),
      deliveryIdFor('evt-1', 'sub-2', at),
      deliveryIdFor('evt-1s', 'ub-1', at),
    ]);
    expect(ids.size).toBe(4);
  });

  it('stays deterministic for a time at the epoch', () => {
    expect(deliveryIdFor('e', 's', '1970-01-01T00:00:00.000Z')).toBe(
      deliveryIdFor('e', 's', '1970-01-01T00:00:00.000Z'),
    );
  });

  it('is the ULID that ulid() makes from the time and a prng giving the digest bytes / 256', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: TIME_MAX }),
        (eventId, subscriptionId, time) => {
          const digest = createHash('sha256').update(eventId).update('\0').update(subscriptionId).digest();
          let next = 0;
          const expected = ulid(time, () => digest[next++] / 256);
          expect(deliveryIdFor(eventId, subscriptionId, new Date(time).toISOString())).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
