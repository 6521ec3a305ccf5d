import { decodeTime, isValid } from 'ulid';
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
});
