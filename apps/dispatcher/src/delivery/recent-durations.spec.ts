import { RecentDurations } from './recent-durations';

describe('RecentDurations', () => {
  it('gives the 90th percentile of the last durations, 0 before any', () => {
    const durations = new RecentDurations(10);
    expect(durations.p90).toBe(0);
    for (let ms = 1; ms <= 10; ms += 1) durations.add(ms);
    expect(durations.p90).toBe(10);
    for (let i = 0; i < 9; i += 1) durations.add(1);
    expect(durations.p90).toBe(10);
    durations.add(1);
    expect(durations.p90).toBe(1);
  });
});
