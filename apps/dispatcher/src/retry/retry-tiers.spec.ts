import { eligibleAt, retryRoute } from './retry-tiers';

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
