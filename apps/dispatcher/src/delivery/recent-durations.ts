/**
 * The durations of the last `capacity` requests, and a high percentile of them: how long an answer
 * takes right now, for telling a slow endpoint from a busy dispatcher (when the process is short of
 * CPU, every answer takes long).
 */
export class RecentDurations {
  private readonly durations: number[] = [];
  private next = 0;
  private cached?: number;

  constructor(private readonly capacity = 256) {}

  add(ms: number): void {
    if (this.durations.length < this.capacity) this.durations.push(ms);
    else this.durations[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
    this.cached = undefined;
  }

  /** The 90th percentile, 0 before the first duration. */
  get p90(): number {
    if (this.cached === undefined) {
      const sorted = [...this.durations].sort((a, b) => a - b);
      this.cached =
        sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
    }
    return this.cached;
  }
}
