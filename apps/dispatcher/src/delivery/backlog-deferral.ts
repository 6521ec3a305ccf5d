import { DeliveryRecord, HEADERS, prefixed, retryTopic } from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { OutgoingRecord } from '@app/common';
import { Metrics } from '../metrics/metrics';
import { tierFor } from '../retry/retry-tiers';
import { Backlog, KeyedSerialQueue, SerialTask } from './keyed-serial-queue';

/** A delivery record taken from the deliveries topic, queued for its subscription. */
export interface QueuedDelivery extends SerialTask {
  delivery: DeliveryRecord;
  /** Marks the record's offset finished (committable). */
  finish(): void;
}

/**
 * A subscription whose delivery in progress has run this long is slow. Endpoints answering faster
 * drain their backlog quickly; deferring it would only add latency and reorder it.
 */
export const STALLED_AFTER_MS = 1_000;
/**
 * How long a deferred record stays away: exactly one pass through the 10 s retry tier. Long enough
 * for a slow endpoint to work through the records its subscription keeps, so that the backlog does
 * not circle through Kafka over and over.
 */
export const DEFERRAL_MS = 10_000;
/**
 * Records a deferred subscription keeps waiting behind its running one, so that its endpoint stays
 * busy until the deferred ones are due; few, so that hundreds of slow subscriptions fit in the buffer
 * before none of them can be relieved.
 */
export const KEPT_WAITING = 4;

const PUBLISH_BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000];
const JSON_HEADERS = { [HEADERS.contentType]: 'application/json' };

export interface BacklogDeferralDependencies {
  queue: KeyedSerialQueue<QueuedDelivery>;
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  /** Ordered subscriptions keep their backlog: a deferral would deliver it after later records. */
  isOrdered(subscriptionId: string): boolean;
  metrics: Metrics;
  log: Logger;
  topicPrefix: string;
  /** Aborted on shutdown: a hand-off not yet acknowledged is given up, its records left unfinished. */
  signal: AbortSignal;
  now?: () => number;
}

/**
 * Relieves a full delivery buffer of the subscriptions hogging it: the records waiting in a stalled
 * subscription's queue beyond the first KEPT_WAITING are taken back unstarted and handed to the
 * retry tier, to come back to the deliveries topic after DEFERRAL_MS with the same attempt number
 * (a deferral is not an attempt). Their offsets are finished only once Kafka acknowledged the
 * hand-off, so a crash in between redelivers them (at least once; same delivery id).
 *
 * A deferred record comes back after records of its subscription read in the meantime, like a
 * retry does; ordered subscriptions are therefore never deferred and keep their backlog.
 */
export class BacklogDeferral {
  private handingOff = 0;
  private readonly handOffs = new Set<Promise<void>>();
  private readonly topic: string;
  private readonly now: () => number;

  constructor(private readonly deps: BacklogDeferralDependencies) {
    this.topic = prefixed(deps.topicPrefix, retryTopic(tierFor(DEFERRAL_MS)));
    this.now = deps.now ?? Date.now;
  }

  /** Records taken back from the queue whose hand-off Kafka has not acknowledged yet (still unfinished). */
  get inProgress(): number {
    return this.handingOff;
  }

  /**
   * Defers the backlogs of stalled subscriptions, largest first, until fewer than `target` records
   * are queued. Returns when another backlog will count as stalled if the queue is still at or above
   * `target` then (at the earliest: its delivery in progress may finish before), else undefined.
   */
  deferStalled(target: number): number | undefined {
    const { queue, isOrdered } = this.deps;
    const now = this.now();
    const candidates = queue
      .backlogs()
      .filter((backlog) => backlog.waiting > KEPT_WAITING && !isOrdered(backlog.key))
      .sort((a, b) => b.waiting - a.waiting);
    let nextStallAt: number | undefined;
    for (const backlog of candidates) {
      if (queue.size < target) return undefined;
      const stallAt = backlog.runningSince + STALLED_AFTER_MS;
      if (stallAt <= now) this.handOff(backlog, now);
      else nextStallAt = Math.min(nextStallAt ?? stallAt, stallAt);
    }
    return queue.size < target ? undefined : nextStallAt;
  }

  /** Resolves once every hand-off started is acknowledged or given up. */
  async whenSettled(): Promise<void> {
    await Promise.all([...this.handOffs]);
  }

  private handOff(backlog: Backlog, now: number): void {
    const { queue, metrics, log } = this.deps;
    const deferred = queue.evict(backlog.key, KEPT_WAITING);
    const notBefore = now + DEFERRAL_MS;
    const records = deferred.map(({ delivery }) => ({
      topic: this.topic,
      key: backlog.key,
      value: JSON.stringify({ ...delivery, notBefore }),
      headers: JSON_HEADERS,
    }));
    this.handingOff += deferred.length;
    metrics.deliveriesDeferred.inc(deferred.length);
    log.info(
      {
        subscriptionId: backlog.key,
        deferred: deferred.length,
        kept: KEPT_WAITING,
        runningForMs: now - backlog.runningSince,
        queued: queue.size,
        dueAt: new Date(notBefore).toISOString(),
      },
      "buffer full: a slow subscription's backlog is deferred to the retry tier",
    );
    const handOff = this.publishUntilAcknowledged(records).then(
      () => {
        // Counted out first: finishing may resume the partitions when the buffer is low enough.
        this.handingOff -= deferred.length;
        for (const queued of deferred) queued.finish();
      },
      () => {
        this.handingOff -= deferred.length;
      },
    );
    this.handOffs.add(handOff);
    void handOff.finally(() => this.handOffs.delete(handOff));
  }

  /** Rejects only when shutdown interrupts it. */
  private async publishUntilAcknowledged(records: readonly OutgoingRecord[]): Promise<void> {
    const { signal, log } = this.deps;
    for (let failures = 0; ; failures += 1) {
      signal.throwIfAborted();
      try {
        await this.deps.publish(records);
        return;
      } catch (error) {
        const waitMs = PUBLISH_BACKOFF_MS[Math.min(failures, PUBLISH_BACKOFF_MS.length - 1)];
        log.error(
          { err: error, waitMs },
          'handing deferred deliveries to the retry tier failed; trying again',
        );
        await delay(waitMs, undefined, { signal });
      }
    }
  }
}
