/**
 * Spaces sends per key (subscription) to at most `perSecond`: each send reserves the next allowed
 * time, so a burst is spread evenly instead of rejected. Keys whose next time has passed are
 * forgotten, so memory follows the subscriptions being rate-limited right now.
 */
export class RateLimiter {
  private readonly nextAllowed = new Map<string, number>();

  /** Reserves a send for `key` and returns how long to wait before it (0 = now). */
  reserve(key: string, perSecond: number, now: number): number {
    if (this.nextAllowed.size > 10_000) this.forgetPast(now);
    const at = Math.max(now, this.nextAllowed.get(key) ?? now);
    this.nextAllowed.set(key, at + 1_000 / perSecond);
    return at - now;
  }

  /**
   * A reserved send went out at `now`, maybe later than reserved (a busy process, a wait for a
   * slot): the next one keeps its distance from it, so that sends are never closer than the rate.
   */
  sent(key: string, perSecond: number, now: number): void {
    this.nextAllowed.set(key, Math.max(this.nextAllowed.get(key) ?? now, now + 1_000 / perSecond));
  }

  private forgetPast(now: number): void {
    for (const [key, at] of this.nextAllowed) if (at <= now) this.nextAllowed.delete(key);
  }
}
