import { RETRY_TIERS_MS, tierFor } from './topics';

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
