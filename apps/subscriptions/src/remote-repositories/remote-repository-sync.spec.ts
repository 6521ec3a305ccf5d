import { backoffMs } from './remote-repository-sync.service';

describe('backoffMs', () => {
  it('doubles the interval with every failure in a row, up to 6 h', () => {
    const fiveMinutes = 300_000;
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => backoffMs(fiveMinutes, failures) / 60_000)).toEqual([
      10, 20, 40, 80, 160, 320, 360,
    ]);
  });

  it('never polls less often than the interval itself', () => {
    const day = 86_400_000;
    expect(backoffMs(day, 3)).toBe(day);
  });
});
