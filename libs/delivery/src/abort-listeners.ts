/** The callbacks waiting on each signal, behind one listener of its own. */
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Runs `onAbort` when `signal` aborts; returns what stops waiting. Every request in flight waits on
 * the same caller's signal (a dispatcher's shutdown), and EventTarget looks through all of a
 * signal's listeners on each `addEventListener`: hundreds of requests would each pay for the
 * others. Here one listener per signal serves a set.
 */
export function whenAborted(signal: AbortSignal, onAbort: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (callbacks === undefined) {
    const set = new Set<() => void>();
    callbacks = set;
    waiting.set(signal, set);
    signal.addEventListener('abort', () => set.forEach((callback) => callback()), { once: true });
  }
  callbacks.add(onAbort);
  return () => callbacks.delete(onAbort);
}
