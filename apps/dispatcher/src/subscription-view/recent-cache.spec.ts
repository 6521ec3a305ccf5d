import { RecentCache } from './recent-cache';

describe('RecentCache', () => {
  it('keeps the entries used last, and at most its capacity', () => {
    const cache = new RecentCache<number, string>(10);
    for (let i = 0; i < 100; i++) cache.set(i, `v${i}`);
    const held = Array.from({ length: 100 }, (_, i) => i).filter((i) => cache.get(i) !== undefined);
    expect(held.length).toBeLessThanOrEqual(10);
    expect(held).toEqual(expect.arrayContaining([95, 96, 97, 98, 99]));
  });

  it('keeps an entry that goes on being used', () => {
    const cache = new RecentCache<string, number>(4);
    cache.set('hot', 1);
    for (let i = 0; i < 50; i++) {
      cache.set(`cold${i}`, i);
      expect(cache.get('hot')).toBe(1);
    }
  });

  it('forgets a deleted entry in either generation, and a new value replaces the old', () => {
    const cache = new RecentCache<string, number>(4);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1);
    cache.set('a', 10);
    expect(cache.get('a')).toBe(10);
    cache.delete('a');
    cache.delete('b');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('c')).toBe(3);
  });
});
