import { setTimeout as delay } from 'node:timers/promises';
import { AppProcess } from '../../test/support/app-process';

/** An unlabelled gauge from the dispatcher's /metrics (e.g. `webhook_subscription_view_size`); 0 when absent. */
export async function dispatcherGauge(dispatcher: AppProcess, name: string): Promise<number> {
  const text = await (
    await fetch(`${dispatcher.url}/metrics`, { signal: AbortSignal.timeout(5_000) })
  ).text();
  const match = new RegExp(`^${name} (\\d+(?:\\.\\d+)?)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Waits until the dispatcher's view of the subscriptions topic holds `size` subscriptions. */
export async function waitForViewSize(
  dispatcher: AppProcess,
  size: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let held = 0;
  while ((held = await dispatcherGauge(dispatcher, 'webhook_subscription_view_size')) < size) {
    if (Date.now() > deadline)
      throw new Error(`the dispatcher's view holds ${held} of ${size} subscriptions after ${timeoutMs} ms`);
    await delay(200);
  }
}
