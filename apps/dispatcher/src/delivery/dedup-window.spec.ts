import { DedupWindow } from './dedup-window';

describe('DedupWindow', () => {
  it('knows ids remembered within the window and forgets them after', () => {
    const window = new DedupWindow(10_000);
    window.remember(['a'], 1_000);
    expect(window.has('a', 1_000)).toBe(true);
    expect(window.has('a', 10_999)).toBe(true);
    expect(window.has('a', 11_000)).toBe(false);
  });

  it('does not know ids never remembered', () => {
    const window = new DedupWindow(10_000);
    window.remember(['a'], 0);
    expect(window.has('b', 0)).toBe(false);
  });

  it('restarts the window of an id seen again', () => {
    const window = new DedupWindow(10_000);
    window.remember(['a', 'b'], 0);
    window.remember(['a'], 8_000);
    expect(window.has('b', 12_000)).toBe(false);
    expect(window.has('a', 12_000)).toBe(true);
  });

  it('forgets the oldest ids beyond its size bound', () => {
    const window = new DedupWindow(60_000, 3);
    window.remember(['a', 'b', 'c'], 0);
    window.remember(['d'], 1);
    expect(window.has('a', 2)).toBe(false);
    expect(window.has('d', 2)).toBe(true);
    expect(window.has('b', 2)).toBe(true);
  });
});
