/**
 * Per subscription, the time of the first failed attempt since its last success, for disabling a
 * subscription that keeps failing. In memory on each instance: a subscription's deliveries and
 * retries share its key, hence one partition and one instance, so that instance sees them all
 * (until a rebalance or restart starts the clock again, which only delays the disable).
 */
export class FailureTracker {
  private readonly firstFailureAt = new Map<string, number>();

  succeeded(subscriptionId: string): void {
    this.firstFailureAt.delete(subscriptionId);
  }

  /** Records a failure; returns the start of the failing streak (epoch ms). */
  failed(subscriptionId: string, now: number): number {
    const first = this.firstFailureAt.get(subscriptionId);
    if (first !== undefined) return first;
    this.firstFailureAt.set(subscriptionId, now);
    return now;
  }
}
