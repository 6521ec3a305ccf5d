import { ArenaSlot, TextArena } from './text-arena';

describe('TextArena', () => {
  it('gives back what was written, multi-byte characters and texts longer than a chunk included', () => {
    const arena = new TextArena();
    const texts = ['', 'plain', 'é 😀 ü', 'x'.repeat(300 * 1024), 'after the long one'];
    const slots = texts.map((text) => arena.write(text));
    expect(slots.map((slot) => arena.read(slot))).toEqual(texts);
    expect(slots[2].length).toBe(Buffer.byteLength('é 😀 ü'));
  });

  it('is wasteful once released texts outweigh live ones, and compacting keeps the live ones', () => {
    const arena = new TextArena();
    const text = (i: number): string => `record ${i} `.padEnd(1000, '.');
    const slots: ArenaSlot[] = Array.from({ length: 600 }, (_, i) => arena.write(text(i)));
    for (const slot of slots.slice(0, 299)) arena.release(slot);
    expect(arena.wasteful).toBe(false);
    for (const slot of slots.slice(299, 301)) arena.release(slot);
    expect(arena.wasteful).toBe(true);

    const live = slots.slice(301);
    const before = live.map((slot) => slot.at);
    arena.compact(live);
    expect(arena.wasteful).toBe(false);
    expect(live.map((slot) => slot.at)).not.toEqual(before);
    expect(live.map((slot) => arena.read(slot))).toEqual(live.map((_, i) => text(301 + i)));
    expect(arena.read(arena.write('new'))).toBe('new');
  });

  it('does not compact for less than a chunk of garbage', () => {
    const arena = new TextArena();
    const slot = arena.write('x'.repeat(10_000));
    arena.release(slot);
    expect(arena.wasteful).toBe(false);
  });
});
