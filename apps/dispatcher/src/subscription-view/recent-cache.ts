/**
 * A bounded cache that keeps what was used recently: entries go into the current generation,
 * and when it holds `capacity / 2` it becomes the previous one and the generation before is
 * dropped. An entry found in the previous generation moves to the current one. So it holds at
 * most `capacity` entries, among them the last `capacity / 2` used, and a hit costs one lookup
 * (a strict LRU moves the entry on every hit).
 */
export class RecentCache<K, V> {
  private current = new Map<K, V>();
  private previous = new Map<K, V>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const value = this.current.get(key);
    if (value !== undefined) return value;
    const older = this.previous.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    // A value of `key` left in the previous generation is shadowed by this one until it is dropped.
    this.current.set(key, value);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
  }

  delete(key: K): void {
    this.current.delete(key);
    this.previous.delete(key);
  }
}
