import { OutgoingRecord } from '@app/common';
import { DeliveryRecord } from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { publishUntilAcknowledged } from '../kafka/publisher';
import { Metrics } from '../metrics/metrics';
import { DeliveryAborted, DeliveryProcessor, ProcessOptions } from './delivery-processor';
import { OutgoingRecords } from './outgoing-records';
import { RecentDurations } from './recent-durations';

/**
 * Where a delivery came from: read from an inbound topic and delivered at once (direct), or read
 * from the deliveries topic (spilled there by an instance, or redelivered through the API, or due
 * from a retry tier).
 */
export type Origin = 'inbound' | 'spill';

/** How a job ended: attempted (or skipped: its subscription is gone) with its records in Kafka, or handed on. */
export type Finish = 'done' | 'handed-on';

/** One (event, subscription) pair to deliver, and what its source does once it is finished. */
export interface DeliveryJob {
  readonly delivery: DeliveryRecord;
  /**
   * Called once: the delivery was made (or skipped) and its records are acknowledged, or it was
   * durably handed on (the deliveries topic, a retry tier). Never called for work that shutdown
   * interrupted: that stays uncommitted and is read again by the next owner.
   */
  finish(how: Finish): void;
}

export type SpillReason = 'fan_out' | 'stalled' | 'buffer_full' | 'ordered_retry' | 'following';

export interface DeliveryEngineDependencies {
  processor: Pick<DeliveryProcessor, 'process'>;
  subscriptions: { isOrdered(id: string): boolean };
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  records: OutgoingRecords;
  metrics: Metrics;
  log: Logger;
  /** DISPATCHER_MAX_BUFFERED: jobs taken and unfinished beyond which sources stop taking more. */
  maxBuffered: number;
  /** DISPATCHER_STALL_AFTER: a direct queue whose oldest delivery waited this long is handed on. */
  stallAfterMs: number;
  now?: () => number;
}

/**
 * How long a deferred delivery of the deliveries topic stays away: one pass through the 10 s retry
 * tier, long enough for a slow endpoint to work through what its queue kept.
 */
export const DEFERRAL_MS = 10_000;
/**
 * Deliveries a slow queue may keep waiting behind its running one before it is handed on (direct)
 * or deferred (deliveries topic): fewer cost the buffer little, and under load every queue has a
 * few, so that a busy dispatcher does not take itself for a slow endpoint. A deferred queue keeps
 * as many, so that its endpoint stays busy until the deferred ones are due.
 */
export const KEPT_WAITING = 4;
/**
 * A delivery in progress counts as slow once it has taken this many times what nine in ten answers
 * take lately (and half of DISPATCHER_STALL_AFTER): when the process is short of CPU, every answer
 * takes long, and no endpoint is to blame.
 */
export const SLOW_FACTOR = 4;
/** While the buffer is full, queues are looked through for stalls at most this often. */
const FULL_CHECK_INTERVAL_MS = 50;

interface Queued {
  job: DeliveryJob;
  takenAt: number;
}

/** The deliveries of one subscription from one source partition, attempted one at a time in order. */
class SubscriptionQueue {
  readonly waiting: Queued[] = [];
  /** When the delivery in progress started, later by the time it waited for a slot; undefined while none is. */
  runningSince?: number;
  /** Since when the delivery in progress waits for one of the in-flight slots (the dispatcher is busy). */
  slotWaitSince?: number;
  /** When its request last went out. */
  sentAt?: number;
  /** A stalled ordered queue: what waits is handed on, for this reason, once the delivery in progress is answered. */
  handOnWhenAnswered?: SpillReason;

  /** What the processor is told for each of its deliveries: made once per queue, not per delivery. */
  readonly options: ProcessOptions;

  constructor(
    readonly key: string,
    readonly subscriptionId: string,
    readonly origin: Origin,
    private readonly now: () => number,
  ) {
    this.options = { retryInPlace: origin === 'spill', slotWait: this };
  }

  /** Its delivery in progress waits for an in-flight slot. */
  started(): void {
    this.slotWaitSince = this.now();
  }

  /** Its delivery in progress got a slot and its request goes out: the wait does not count as running. */
  ended(): void {
    const now = this.now();
    this.runningSince! += now - this.slotWaitSince!;
    this.slotWaitSince = undefined;
    this.sentAt = now;
  }
}

/** A subscription whose deliveries go to the deliveries topic, so that later ones stay behind them. */
interface SpillMark {
  /** The last delivery handed on: once this instance's spill consumer answered it, the mark is gone. */
  lastDeliveryId: string;
  /** When a mark of a subscription that is not ordered lapses (its spilled deliveries may be read elsewhere). */
  until: number;
  /** Spilled because its endpoint is slow: its queue of the deliveries topic defers at once. */
  slow: boolean;
}

/**
 * The one delivery engine of an instance, shared by the consumers of the inbound topics (direct
 * delivery) and of the deliveries topic (spill). Each (source partition, subscription) has a serial
 * queue: a subscription's deliveries from one partition are attempted one at a time in the order
 * they were taken, and since the inbound key is the repository, that keeps per-repository order.
 * Queues run concurrently, bounded by the processor's requests in flight, and jobs taken and
 * unfinished are bounded by `maxBuffered`: sources wait for `room` beyond it.
 *
 * Direct deliveries are handed on to the deliveries topic (spilled) instead when the inbound
 * consumer asks for it (an event matching many subscriptions), when a queue with a backlog stalls
 * (its delivery in progress has taken half of `stallAfterMs` and its oldest waiting one waited past
 * all of it, or the buffer is full: its waiting deliveries go), and when an ordered subscription's delivery fails
 * (its retry and what waits behind it go; the spill consumer retries it in place). A spilled
 * subscription's later deliveries follow onto the topic until this instance's spill consumer has
 * answered the last one spilled (or, for one that is not ordered, a while has passed), so that they
 * do not overtake it. An ordered queue is never handed on while its delivery is in progress.
 *
 * Queues of the deliveries topic are never spilled again. One whose delivery in progress has taken
 * half of `stallAfterMs` (a slow endpoint) and that is not ordered defers what waits beyond
 * KEPT_WAITING to the 10 s retry tier with the attempt number unchanged (a deferral is not an
 * attempt), so that a slow endpoint's backlog circulates through Kafka rather than filling the
 * buffer every subscription shares.
 */
export class DeliveryEngine {
  private readonly queues = new Map<string, SubscriptionQueue>();
  /** Queues with deliveries waiting behind the running one: where stalls are looked for. */
  private readonly backlogged = new Set<SubscriptionQueue>();
  private readonly spillMarks = new Map<string, SpillMark>();
  /** How long requests take to be answered (from going out), over every queue. */
  private readonly answers = new RecentDurations();
  private readonly shutdown = new AbortController();
  private readonly now: () => number;
  private readonly spillHoldMs: number;
  private readonly stallTimer: NodeJS.Timeout;
  /** Jobs taken and not finished: queued, running, being recorded or being handed on. */
  private unfinished = 0;
  /** Jobs in queues: waiting or running. */
  private queued = 0;
  private checkScheduled = false;
  private lastFullCheckAt = 0;
  private roomWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: DeliveryEngineDependencies) {
    this.now = deps.now ?? Date.now;
    this.spillHoldMs = 5 * deps.stallAfterMs;
    const tickMs = Math.min(500, Math.max(10, deps.stallAfterMs / 4));
    this.stallTimer = setInterval(() => this.checkStalls(), tickMs);
    this.stallTimer.unref();
  }

  /** Jobs taken and not finished. */
  get buffered(): number {
    return this.unfinished;
  }

  get full(): boolean {
    return this.unfinished >= this.deps.maxBuffered;
  }

  /** Aborted once shutdown interrupts the work in progress. */
  get signal(): AbortSignal {
    return this.shutdown.signal;
  }

  /**
   * Resolves once the buffer is not full (at once if it is not); `heartbeat` keeps the waiting
   * consumer's group membership meanwhile.
   */
  async room(heartbeat?: () => Promise<void>): Promise<void> {
    while (this.full && !this.shutdown.signal.aborted) {
      await Promise.race([new Promise<void>((resolve) => this.roomWaiters.push(resolve)), delay(1_000)]);
      await heartbeat?.();
    }
  }

  /** Resolves once every job taken is finished or given up. */
  whenIdle(): Promise<void> {
    if (this.unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Interrupts everything in progress (shutdown timeout) and drops what waits: it stays unfinished. */
  abort(): void {
    this.shutdown.abort();
    for (const queue of this.queues.values()) this.takeWaiting(queue, 0).forEach(() => this.release());
  }

  close(): void {
    clearInterval(this.stallTimer);
  }

  /**
   * Takes a job from `origin`'s partition `lane`. An inbound job is delivered directly unless
   * `fanOut` says its event matched too many subscriptions, or its subscription is spilled: it is
   * then handed to the deliveries topic. An ordered subscription's job joins its queue while that
   * is busy, whatever else applies, so that it cannot overtake the deliveries before it.
   */
  submit(lane: string, origin: Origin, job: DeliveryJob, { fanOut = false } = {}): void {
    this.unfinished += 1;
    this.deps.metrics.buffered.set(this.unfinished);
    const { subscriptionId } = job.delivery;
    const key = `${lane}\n${subscriptionId}`;
    let queue = this.queues.get(key);
    if (origin === 'inbound') {
      const ordered = this.deps.subscriptions.isOrdered(subscriptionId);
      if (!(ordered && queue)) {
        const reason = fanOut ? 'fan_out' : this.isSpilled(subscriptionId) ? 'following' : undefined;
        if (reason) {
          void this.spill([job], reason, ordered);
          return;
        }
      }
    }
    if (origin === 'spill' && queue && queue.waiting.length >= KEPT_WAITING && this.isDeferrable(queue)) {
      this.defer([job]);
      return;
    }
    if (!queue) {
      queue = new SubscriptionQueue(key, subscriptionId, origin, this.now);
      this.queues.set(key, queue);
    }
    queue.waiting.push({ job, takenAt: this.now() });
    this.queued += 1;
    if (queue.runningSince === undefined) this.startNext(queue);
    else this.backlogged.add(queue);
    if (this.full && !this.checkScheduled && this.now() - this.lastFullCheckAt >= FULL_CHECK_INTERVAL_MS) {
      this.checkScheduled = true;
      setImmediate(() => {
        this.checkScheduled = false;
        this.lastFullCheckAt = this.now();
        this.checkStalls();
      });
    }
  }

  private startNext(queue: SubscriptionQueue): void {
    const next = this.shutdown.signal.aborted ? undefined : queue.waiting.shift();
    if (!next) {
      this.queues.delete(queue.key);
      this.backlogged.delete(queue);
      return;
    }
    if (queue.waiting.length === 0) this.backlogged.delete(queue);
    queue.runningSince = this.now();
    void this.run(queue, next.job);
  }

  private async run(queue: SubscriptionQueue, job: DeliveryJob): Promise<void> {
    const { delivery } = job;
    try {
      const processed = await this.deps.processor.process(delivery, this.shutdown.signal, queue.options);
      if (queue.sentAt !== undefined) this.answers.add(this.now() - queue.sentAt);
      let settled = processed.recorded;
      if (processed.handOn) {
        // An ordered subscription's delivery failed: its retry and everything behind it wait on
        // the deliveries topic, where the spill consumer retries it in place.
        const behind = this.takeWaiting(queue, 0);
        const retry: DeliveryJob = { delivery: processed.handOn, finish: () => undefined };
        this.unfinished += 1;
        const handedOn = this.spill([retry], 'ordered_retry', true, behind);
        settled = Promise.all([settled, handedOn]).then(() => undefined);
      }
      if (queue.origin === 'spill') this.answered(delivery);
      // Until its records are acknowledged, only what finishing needs is kept, not the delivery and
      // its event: they would otherwise outlive a young-generation collection or two.
      const { finish } = job;
      const { deliveryId, subscriptionId } = delivery;
      settled.then(
        () => this.release(finish, 'done'),
        (error: unknown) => this.failed({ deliveryId, subscriptionId }, finish, error),
      );
    } catch (error) {
      this.failed(delivery, job.finish, error);
    } finally {
      this.queued -= 1;
      queue.runningSince = undefined;
      queue.slotWaitSince = undefined;
      queue.sentAt = undefined;
      if (queue.handOnWhenAnswered) {
        const reason = queue.handOnWhenAnswered;
        queue.handOnWhenAnswered = undefined;
        this.handOn(queue, reason);
      }
      this.startNext(queue);
    }
  }

  /** A job that threw: interrupted by shutdown (left unfinished), or a bug, which must not wedge its partition. */
  private failed(
    { deliveryId, subscriptionId }: Pick<DeliveryRecord, 'deliveryId' | 'subscriptionId'>,
    finish: DeliveryJob['finish'],
    error: unknown,
  ): void {
    if (error instanceof DeliveryAborted || this.shutdown.signal.aborted) {
      this.release();
      return;
    }
    this.deps.log.error({ err: error, deliveryId, subscriptionId }, 'delivery failed unexpectedly; skipped');
    this.release(finish, 'done');
  }

  /**
   * Counts a job out, and tells its source (`finish`) how it ended; without `finish` (shutdown
   * interrupted it) the source is not told.
   */
  private release(finish?: DeliveryJob['finish'], how: Finish = 'done'): void {
    // Counted out first, so that the source's continuation sees the buffer without it.
    this.unfinished -= 1;
    this.deps.metrics.buffered.set(this.unfinished);
    finish?.(how);
    if (this.roomWaiters.length > 0 && !this.full) {
      this.roomWaiters.splice(0).forEach((wake) => wake());
    }
    if (this.unfinished === 0) this.idleWaiters.splice(0).forEach((wake) => wake());
  }

  /** The jobs waiting in `queue` after its first `keep`, out of the queue. */
  private takeWaiting(queue: SubscriptionQueue, keep: number): DeliveryJob[] {
    const taken = queue.waiting.splice(keep);
    this.queued -= taken.length;
    if (queue.waiting.length === 0) this.backlogged.delete(queue);
    return taken.map(({ job }) => job);
  }

  /**
   * Hands jobs to the deliveries topic, and `following` after them, marking their subscription
   * spilled (unless they are an event's fan-out to a subscription that is not ordered, whose order
   * nobody waits for). They finish once Kafka acknowledged them.
   */
  private spill(
    jobs: readonly DeliveryJob[],
    reason: SpillReason,
    ordered: boolean,
    following: readonly DeliveryJob[] = [],
  ): Promise<void> {
    const all = [...jobs, ...following];
    const { metrics, records } = this.deps;
    metrics.deliveriesSpilled.inc({ reason }, jobs.length);
    if (following.length > 0) metrics.deliveriesSpilled.inc({ reason: 'following' }, following.length);
    if (reason !== 'fan_out' || ordered) {
      const last = all[all.length - 1].delivery;
      const slow = reason === 'stalled' || reason === 'buffer_full';
      this.spillMarks.set(last.subscriptionId, {
        lastDeliveryId: last.deliveryId,
        until: ordered ? Infinity : this.now() + this.spillHoldMs,
        slow: slow || (this.spillMarks.get(last.subscriptionId)?.slow ?? false),
      });
    }
    return this.publishHandOn(
      all,
      all.map(({ delivery }) => records.spill(delivery)),
      'deliveries handed to the deliveries topic',
    );
  }

  private publishHandOn(jobs: readonly DeliveryJob[], out: OutgoingRecord[], what: string): Promise<void> {
    const { publish, log } = this.deps;
    const handedOn = publishUntilAcknowledged(publish, out, { signal: this.shutdown.signal, log, what });
    const finishes = jobs.map(({ finish }) => finish);
    handedOn.then(
      () => finishes.forEach((finish) => this.release(finish, 'handed-on')),
      () => finishes.forEach(() => this.release()),
    );
    return handedOn;
  }

  private isSpilled(subscriptionId: string): boolean {
    const mark = this.spillMarks.get(subscriptionId);
    if (mark === undefined) return false;
    if (mark.until > this.now()) return true;
    this.spillMarks.delete(subscriptionId);
    return false;
  }

  /** A delivery of the deliveries topic was answered: the last one spilled lifts its subscription's mark. */
  private answered(delivery: DeliveryRecord): void {
    if (this.spillMarks.get(delivery.subscriptionId)?.lastDeliveryId === delivery.deliveryId) {
      this.spillMarks.delete(delivery.subscriptionId);
    }
  }

  /**
   * Among the queues with more than KEPT_WAITING deliveries waiting: hands on what waits in direct
   * queues whose oldest delivery waited past `stallAfterMs` while the one in progress has taken half
   * of it (the endpoint is slow, not the dispatcher busy), defers the backlogs of slow queues of the
   * deliveries topic, and, while the buffer is full, hands on what waits in slow direct queues,
   * largest first, until the queues hold less than half the buffer.
   */
  private checkStalls(): void {
    const { stallAfterMs, maxBuffered } = this.deps;
    const now = this.now();
    for (const queue of this.backlogged) {
      if (queue.waiting.length <= KEPT_WAITING) continue;
      if (queue.origin === 'spill') {
        if (this.isDeferrable(queue)) this.handOn(queue, 'stalled');
      } else if (now - queue.waiting[0].takenAt > stallAfterMs && this.isSlow(queue, now)) {
        this.stall(queue, 'stalled');
      }
    }
    if (!this.full) return;
    const candidates = [...this.backlogged]
      .filter(
        (queue) =>
          queue.origin === 'inbound' &&
          queue.waiting.length > KEPT_WAITING &&
          !queue.handOnWhenAnswered &&
          this.isSlow(queue, now),
      )
      .sort((a, b) => b.waiting.length - a.waiting.length);
    for (const queue of candidates) {
      if (this.queued < maxBuffered / 2) break;
      this.stall(queue, 'buffer_full');
    }
  }

  /**
   * Its delivery in progress has taken half of `stallAfterMs`, and SLOW_FACTOR times what answers
   * take lately, not counting the time it waited for an in-flight slot: its endpoint (or its rate
   * limit) is slow, not the dispatcher busy.
   */
  private isSlow(queue: SubscriptionQueue, now = this.now()): boolean {
    if (queue.runningSince === undefined || queue.slotWaitSince !== undefined) return false;
    const elapsed = now - queue.runningSince;
    return elapsed >= this.deps.stallAfterMs / 2 && elapsed >= SLOW_FACTOR * this.answers.p90;
  }

  /**
   * A queue of the deliveries topic whose endpoint is slow (its delivery in progress has taken half
   * of `stallAfterMs`, or its direct queue was handed on for being slow), whose backlog beyond
   * KEPT_WAITING waits in the retry tier rather than in the buffer it shares with every other
   * subscription. An ordered one keeps it: a deferred delivery comes back after later ones.
   */
  private isDeferrable(queue: SubscriptionQueue): boolean {
    const { subscriptionId } = queue;
    return (
      (this.isSlow(queue) || (this.isSpilled(subscriptionId) && this.spillMarks.get(subscriptionId)!.slow)) &&
      !this.deps.subscriptions.isOrdered(subscriptionId)
    );
  }

  private stall(queue: SubscriptionQueue, reason: SpillReason): void {
    if (queue.handOnWhenAnswered) return;
    const ordered = this.deps.subscriptions.isOrdered(queue.subscriptionId);
    if (queue.origin === 'inbound' && ordered && queue.runningSince !== undefined) {
      queue.handOnWhenAnswered = reason;
      return;
    }
    this.handOn(queue, reason);
  }

  /** Direct: what waits goes to the deliveries topic. Deliveries topic: the backlog beyond KEPT_WAITING is deferred. */
  private handOn(queue: SubscriptionQueue, reason: SpillReason): void {
    const ordered = this.deps.subscriptions.isOrdered(queue.subscriptionId);
    if (queue.origin === 'inbound') {
      const waiting = this.takeWaiting(queue, 0);
      if (waiting.length > 0) void this.spill(waiting, reason, ordered);
      return;
    }
    const deferred = this.takeWaiting(queue, KEPT_WAITING);
    if (deferred.length === 0) return;
    this.deps.log.info(
      {
        subscriptionId: queue.subscriptionId,
        deferred: deferred.length,
        kept: queue.waiting.length,
        runningForMs: this.now() - (queue.runningSince ?? this.now()),
        buffered: this.unfinished,
      },
      "a slow subscription's backlog is deferred to the retry tier",
    );
    this.defer(deferred);
  }

  /** Hands deliveries of the deliveries topic to the 10 s retry tier, unattempted. */
  private defer(jobs: readonly DeliveryJob[]): void {
    const notBefore = this.now() + DEFERRAL_MS;
    this.deps.metrics.deliveriesDeferred.inc(jobs.length);
    void this.publishHandOn(
      jobs,
      jobs.map(({ delivery }) => this.deps.records.retry({ ...delivery, notBefore }, DEFERRAL_MS)),
      'deferred deliveries',
    );
  }
}
