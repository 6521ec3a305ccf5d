import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('spaces a burst evenly at the given rate', () => {
    const limiter = new RateLimiter();
    const waits = [0, 0, 0, 0].map(() => limiter.reserve('slack', 2, 1_000));
    expect(waits).toEqual([0, 500, 1_000, 1_500]);
  });

  it('does not make a send wait when the previous one is long past', () => {
    const limiter = new RateLimiter();
    expect(limiter.reserve('a', 1, 0)).toBe(0);
    expect(limiter.reserve('a', 1, 5_000)).toBe(0);
    expect(limiter.reserve('a', 1, 5_200)).toBe(800);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter();
    expect(limiter.reserve('a', 1, 0)).toBe(0);
    expect(limiter.reserve('b', 1, 0)).toBe(0);
    expect(limiter.reserve('a', 1, 0)).toBe(1_000);
  });

  it('keeps the next send its distance from a send that went out late', () => {
    const limiter = new RateLimiter();
    expect(limiter.reserve('a', 4, 0)).toBe(0);
    limiter.sent('a', 4, 100);
    expect(limiter.reserve('a', 4, 120)).toBe(230);
    limiter.sent('a', 4, 350);
    expect(limiter.reserve('a', 4, 360)).toBe(240);
  });
});
