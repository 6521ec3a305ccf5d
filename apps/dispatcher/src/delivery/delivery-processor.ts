import { OutgoingRecord } from '@app/common';
import { classifyResult, OutboundRequest, SendResult } from '@app/delivery';
import { AttemptRecord, DeadLetterRecord, DeliveryRecord, SubscriptionRecord } from '@app/events';
import { sendsEventAsIs } from '@app/formatters';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { publishUntilAcknowledged } from '../kafka/publisher';
import { Metrics, statusClass } from '../metrics/metrics';
import { buildAttemptRecord } from './attempt-record';
import { decide, Decision } from './decision';
import { FailureTracker } from './failure-tracker';
import { OutgoingRecords } from './outgoing-records';
import { RateLimiter } from './rate-limiter';
import { Semaphore } from './semaphore';

export interface DeliveryDependencies {
  subscriptions: {
    get(id: string): SubscriptionRecord | undefined;
    disableLocally(id: string, reason: string): void;
  };
  sender: { send(request: OutboundRequest, signal?: AbortSignal): Promise<SendResult> };
  /** Formats, signs and addresses the request for one attempt (see outbound-request.ts). */
  prepare(subscription: SubscriptionRecord, delivery: DeliveryRecord, now: Date): OutboundRequest;
  publish(records: readonly OutgoingRecord[]): Promise<void>;
  records: OutgoingRecords;
  metrics: Metrics;
  log: Logger;
  defaultScheduleMs: readonly number[];
  autoDisableAfterMs: number;
  maxInFlight: number;
  now?: () => number;
  random?: () => number;
}

/** How an attempt's outcome is logged; its fields are built only when the level is enabled. */
const OUTCOME_LOGS: Record<Decision['outcome'], { level: 'debug' | 'info' | 'warn'; message: string }> = {
  succeeded: { level: 'debug', message: 'delivered' },
  retrying: { level: 'info', message: 'delivery attempt failed; retry scheduled' },
  failed: { level: 'warn', message: 'delivery failed' },
  dead: { level: 'warn', message: 'delivery dead-lettered' },
};

/** The delivery was interrupted by shutdown before its outcome was recorded; it stays uncommitted. */
export class DeliveryAborted extends Error {
  constructor() {
    super('delivery interrupted by shutdown');
    this.name = 'DeliveryAborted';
  }
}

/**
 * What `process` hands back once the subscription's next delivery may start: the acknowledgement
 * of the records its attempts produced, which rejects with DeliveryAborted only when shutdown
 * interrupts the producing (the caller may commit the delivery's offset once it resolves), and an
 * ordered subscription's failed delivery with its next attempt when it is not retried in place.
 */
export interface Processed {
  recorded: Promise<void>;
  /** For the caller to hand on, with what waits behind it; its attempt record is in `recorded`. */
  handOn?: DeliveryRecord;
}

export interface ProcessOptions {
  /**
   * An ordered subscription's failed delivery is retried here, waiting out each delay, rather
   * than handed back (`Processed.handOn`).
   */
  retryInPlace: boolean;
  /**
   * Told when an attempt starts waiting for one of the `maxInFlight` slots and when it got one and
   * its request goes out: the time in between says the dispatcher is busy, not the endpoint slow.
   */
  slotWait?: { started(): void; ended(): void };
}

/**
 * Delivers one delivery record: skips it when the subscription is gone or disabled, otherwise
 * waits for its `notBefore`, sends it (rate-limited per subscription, at most `maxInFlight` sends
 * at once), records the attempt, and hands a retry to the retry topics or a dead delivery to the
 * dead-letter topic. `process` resolves as soon as the attempt's outcome is known, with the
 * acknowledgement of its records still to come (`Processed`): a subscription's next delivery need
 * not wait for Kafka, only its commit does. An `ordered` subscription's failed delivery instead
 * either retries in place (`process` then waits out each delay, and the subscription's later
 * deliveries wait behind it) or comes back as `handOn`.
 *
 * Callers run one `process` at a time per subscription queue (DeliveryEngine).
 */
export class DeliveryProcessor {
  private readonly slots: Semaphore;
  private readonly rateLimiter = new RateLimiter();
  private readonly failures = new FailureTracker();
  private readonly now: () => number;

  constructor(private readonly deps: DeliveryDependencies) {
    this.slots = new Semaphore(deps.maxInFlight);
    this.now = deps.now ?? Date.now;
  }

  async process(delivery: DeliveryRecord, signal: AbortSignal, options: ProcessOptions): Promise<Processed> {
    const recordings: Promise<void>[] = [];
    let handOn: DeliveryRecord | undefined;
    if (delivery.notBefore !== undefined) await sleep(delivery.notBefore - this.now(), signal);
    let current: DeliveryRecord | undefined = delivery;
    while (current) {
      const subscription = this.deliverable(current);
      if (!subscription) break;
      const { recorded, orderedRetry } = await this.attempt(subscription, current, signal, options);
      // Handled here so that a rejection while an in-place retry waits is not reported as
      // unhandled; the caller still gets it through `recorded` below.
      recorded.catch(() => undefined);
      recordings.push(recorded);
      if (!orderedRetry) break;
      if (!options.retryInPlace) {
        handOn = orderedRetry.delivery;
        break;
      }
      await sleep(orderedRetry.delayMs, signal);
      current = orderedRetry.delivery;
    }
    const recorded = recordings.length === 1 ? recordings[0] : Promise.all(recordings).then(() => undefined);
    return { recorded, handOn };
  }

  private deliverable(delivery: DeliveryRecord): SubscriptionRecord | undefined {
    const subscription = this.deps.subscriptions.get(delivery.subscriptionId);
    if (subscription?.enabled) return subscription;
    const reason = subscription ? 'disabled' : 'deleted';
    this.deps.metrics.deliveriesSkipped.inc({ reason });
    this.deps.log.debug(
      { deliveryId: delivery.deliveryId, subscriptionId: delivery.subscriptionId, reason },
      'delivery skipped',
    );
    return undefined;
  }

  /**
   * One attempt; returns the acknowledgement of its records, and the next attempt when an ordered
   * subscription's delivery is to be retried (in place or handed on, not through a retry tier).
   */
  private async attempt(
    subscription: SubscriptionRecord,
    delivery: DeliveryRecord,
    signal: AbortSignal,
    { slotWait }: ProcessOptions,
  ): Promise<{ recorded: Promise<void>; orderedRetry?: { delivery: DeliveryRecord; delayMs: number } }> {
    const { metrics } = this.deps;
    if (subscription.rateLimitPerSecond !== undefined) {
      await sleep(
        this.rateLimiter.reserve(subscription.id, subscription.rateLimitPerSecond, this.now()),
        signal,
      );
    }
    const at = new Date(this.now());
    const request = this.deps.prepare(subscription, delivery, at);
    slotWait?.started();
    const result = await this.slots.run(async () => {
      slotWait?.ended();
      if (subscription.rateLimitPerSecond !== undefined) {
        this.rateLimiter.sent(subscription.id, subscription.rateLimitPerSecond, this.now());
      }
      metrics.inFlight.inc();
      try {
        return await this.deps.sender.send(request, signal);
      } finally {
        metrics.inFlight.dec();
      }
    });
    if (signal.aborted) throw new DeliveryAborted();

    const decision = decide(classifyResult(result), {
      attempt: delivery.attempt,
      scheduleMs: subscription.retry?.scheduleMs ?? this.deps.defaultScheduleMs,
      url: request.url,
      random: this.deps.random,
    });
    const finishedAt = this.now();
    const disableReason = this.disableReason(subscription.id, decision, finishedAt);
    const next =
      decision.outcome === 'retrying'
        ? {
            delivery: {
              ...delivery,
              attempt: delivery.attempt + 1,
              notBefore: finishedAt + decision.delayMs,
            },
            delayMs: decision.delayMs,
          }
        : undefined;
    const attempt = buildAttemptRecord({
      delivery,
      request,
      bodyIsEvent: sendsEventAsIs(subscription),
      result,
      decision,
      at,
      nextAttemptAt: next?.delivery.notBefore,
      disableReason,
    });
    if (disableReason !== undefined) this.deps.subscriptions.disableLocally(subscription.id, disableReason);
    const ordered = next !== undefined && subscription.ordered;
    const recorded = this.record(
      this.recordsOf(delivery, attempt, decision, ordered ? undefined : next),
      signal,
    );
    this.observe(attempt, decision);
    return { recorded, orderedRetry: ordered ? next : undefined };
  }

  /**
   * Publishes an attempt's records until acknowledged. A method of its own so that what waits for
   * the acknowledgement holds the records only: a closure in `attempt` would keep its scope (the
   * request, its body) alive as long.
   */
  private record(records: OutgoingRecord[], signal: AbortSignal): Promise<void> {
    return publishUntilAcknowledged(this.deps.publish, records, {
      signal,
      log: this.deps.log,
      what: 'attempt records',
    }).catch(() => {
      throw new DeliveryAborted();
    });
  }

  /** The attempt record, plus the retry or the dead letter it calls for. */
  private recordsOf(
    delivery: DeliveryRecord,
    attempt: AttemptRecord,
    decision: Decision,
    retry: { delivery: DeliveryRecord & { notBefore: number }; delayMs: number } | undefined,
  ): OutgoingRecord[] {
    const { records } = this.deps;
    const out = [records.attempt(attempt)];
    if (retry) out.push(records.retry(retry.delivery, retry.delayMs));
    if (decision.outcome === 'dead') {
      const deadLetter: DeadLetterRecord = {
        delivery,
        reason: decision.reason,
        deadAt: new Date(this.now()).toISOString(),
        attempts: {
          count: delivery.attempt,
          last: {
            attemptId: attempt.attemptId,
            at: attempt.at,
            statusCode: attempt.response?.statusCode ?? null,
            error: attempt.error?.code ?? null,
          },
        },
      };
      out.push(records.deadLetter(deadLetter));
    }
    return out;
  }

  private observe(attempt: AttemptRecord, decision: Decision): void {
    const { metrics, log } = this.deps;
    const status = statusClass(attempt.response?.statusCode);
    metrics.deliveries.inc({ outcome: decision.outcome, status_class: status });
    metrics.attemptDuration.observe({ status_class: status }, attempt.durationMs / 1_000);
    if (decision.outcome === 'retrying') metrics.retriesScheduled.inc();
    if (decision.outcome === 'dead') metrics.deadLetters.inc();
    const disableReason = attempt.disableSubscription?.reason;
    if (disableReason !== undefined) {
      metrics.subscriptionsDisabled.inc({
        reason: attempt.response?.statusCode === 410 ? 'gone' : 'failing',
      });
    }
    const { level, message } = OUTCOME_LOGS[decision.outcome];
    if (!log.isLevelEnabled(level)) return;
    const fields = {
      deliveryId: attempt.deliveryId,
      subscriptionId: attempt.subscriptionId,
      eventId: attempt.eventId,
      attempt: attempt.number,
      outcome: decision.outcome,
      statusCode: attempt.response?.statusCode,
      errorCode: attempt.error?.code,
      durationMs: attempt.durationMs,
      ...(decision.outcome === 'succeeded' ? {} : { reason: decision.reason }),
      ...(attempt.nextAttemptAt === undefined ? {} : { nextAttemptAt: attempt.nextAttemptAt }),
      ...(disableReason === undefined ? {} : { disableReason }),
    };
    log[level](fields, message);
  }

  /** 410 Gone, or a failure ending a streak without success longer than AUTO_DISABLE_AFTER. */
  private disableReason(subscriptionId: string, decision: Decision, now: number): string | undefined {
    if (decision.outcome === 'succeeded') {
      this.failures.succeeded(subscriptionId);
      return undefined;
    }
    const failingSince = this.failures.failed(subscriptionId, now);
    if (decision.outcome === 'failed' && decision.disableReason) return decision.disableReason;
    if (now - failingSince >= this.deps.autoDisableAfterMs) {
      return `failing since ${new Date(failingSince).toISOString()} with no success`;
    }
    return undefined;
  }
}

async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new DeliveryAborted();
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new DeliveryAborted();
  }
}
