import { RETRY_TIERS_MS } from '@app/events';
import { eligibleAt, retryRoute, tierFor } from './retry-tiers';

describe('tierFor', () => {
  it('picks the largest tier not longer than the delay', () => {
    expect(RETRY_TIERS_MS).toEqual([1_000, 10_000, 60_000, 600_000, 3_600_000]);
    expect(tierFor(1_000)).toBe(1_000);
    expect(tierFor(9_999)).toBe(1_000);
    expect(tierFor(10_000)).toBe(10_000);
    expect(tierFor(5 * 60_000)).toBe(60_000);
    expect(tierFor(30 * 60_000)).toBe(600_000);
    expect(tierFor(10 * 3_600_000)).toBe(3_600_000);
  });

  it('picks the smallest tier for a delay shorter than every tier', () => {
    expect(tierFor(0)).toBe(1_000);
    expect(tierFor(400)).toBe(1_000);
  });

  it('works with any tier list', () => {
    expect(tierFor(70, [50, 100, 10])).toBe(50);
    expect(tierFor(5, [50, 100, 10])).toBe(10);
  });
});

describe('eligibleAt', () => {
  it('is the earlier of notBefore and the end of the tier', () => {
    expect(eligibleAt(5_000, 1_000, 10_000)).toBe(5_000);
    expect(eligibleAt(50_000, 1_000, 10_000)).toBe(11_000);
    expect(eligibleAt(undefined, 1_000, 10_000)).toBe(11_000);
  });
});

describe('retryRoute', () => {
  it('waits while the head is not eligible', () => {
    expect(retryRoute(20_000, 0, 10_000, 5_000)).toEqual({ wait: 10_000 });
    expect(retryRoute(3_000, 0, 10_000, 2_000)).toEqual({ wait: 3_000 });
  });

  it('sends a due record back to deliveries', () => {
    expect(retryRoute(3_000, 0, 10_000, 3_000)).toEqual({ to: 'deliveries' });
    expect(retryRoute(3_040, 0, 1_000, 3_000)).toEqual({ to: 'deliveries' });
    expect(retryRoute(undefined, 0, 1_000, 1_000)).toEqual({ to: 'deliveries' });
  });

  it('moves a record still early at the end of its tier to the tier fitting the time left', () => {
    expect(retryRoute(7_200_000, 0, 3_600_000, 3_600_000)).toEqual({ to: 'tier', tierMs: 3_600_000 });
    expect(retryRoute(75_000, 0, 60_000, 60_000)).toEqual({ to: 'tier', tierMs: 10_000 });
    expect(retryRoute(60_500, 0, 60_000, 60_000)).toEqual({ to: 'tier', tierMs: 1_000 });
  });
});
