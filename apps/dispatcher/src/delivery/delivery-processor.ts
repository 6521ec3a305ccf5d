import { classifyResult, OutboundRequest, SendResult } from '@app/delivery';
import {
  AttemptRecord,
  DeadLetterRecord,
  DeliveryRecord,
  HEADERS,
  INTERNAL_TOPICS,
  prefixed,
  retryTopic,
  SubscriptionRecord,
} from '@app/events';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import { OutgoingRecord } from '@app/common';
import { Metrics, statusClass } from '../metrics/metrics';
import { tierFor } from '../retry/retry-tiers';
import { buildAttemptRecord } from './attempt-record';
import { decide, Decision } from './decision';
import { FailureTracker } from './failure-tracker';
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
  metrics: Metrics;
  log: Logger;
  topicPrefix: string;
  defaultScheduleMs: readonly number[];
  autoDisableAfterMs: number;
  maxInFlight: number;
  now?: () => number;
  random?: () => number;
}

/** The delivery was interrupted by shutdown before its outcome was recorded; it stays uncommitted. */
export class DeliveryAborted extends Error {
  constructor() {
    super('delivery interrupted by shutdown');
    this.name = 'DeliveryAborted';
  }
}

const JSON_HEADERS = { [HEADERS.contentType]: 'application/json' };
const PUBLISH_BACKOFF_MS = [100, 250, 500, 1_000, 2_000, 5_000];

/**
 * What `process` hands back once the subscription's next delivery may start: the acknowledgement
 * of the records its attempts produced. It rejects with DeliveryAborted only when shutdown
 * interrupts the producing; the caller may commit the delivery's offset once it resolves.
 */
export interface Processed {
  recorded: Promise<void>;
}

/**
 * Delivers one delivery record: skips it when the subscription is gone or disabled, otherwise
 * sends it (rate-limited per subscription, at most `maxInFlight` sends at once), records the
 * attempt, and hands a retry to the retry topics or a dead delivery to the dead-letter topic.
 * `process` resolves as soon as the attempt's outcome is known, with the acknowledgement of its
 * records still to come (`Processed`): a subscription's next delivery need not wait for Kafka, only
 * its commit does. An `ordered` subscription retries in place instead: `process` then waits out
 * each delay, and the subscription's later deliveries wait behind it.
 *
 * Callers run one `process` at a time per subscription (KeyedSerialQueue).
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

  async process(delivery: DeliveryRecord, signal: AbortSignal): Promise<Processed> {
    const recordings: Promise<void>[] = [];
    let current: DeliveryRecord | undefined = delivery;
    while (current) {
      const subscription = this.deliverable(current);
      if (!subscription) break;
      const { recorded, inPlaceRetry } = await this.attempt(subscription, current, signal);
      // Handled here so that a rejection while an in-place retry waits is not reported as
      // unhandled; the caller still gets it through `recorded` below.
      recorded.catch(() => undefined);
      recordings.push(recorded);
      if (!inPlaceRetry) break;
      await sleep(inPlaceRetry.delayMs, signal);
      current = inPlaceRetry.delivery;
    }
    return { recorded: Promise.all(recordings).then(() => undefined) };
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
   * subscription retries in place.
   */
  private async attempt(
    subscription: SubscriptionRecord,
    delivery: DeliveryRecord,
    signal: AbortSignal,
  ): Promise<{ recorded: Promise<void>; inPlaceRetry?: { delivery: DeliveryRecord; delayMs: number } }> {
    const { metrics } = this.deps;
    if (subscription.rateLimitPerSecond !== undefined) {
      await sleep(
        this.rateLimiter.reserve(subscription.id, subscription.rateLimitPerSecond, this.now()),
        signal,
      );
    }
    const at = new Date(this.now());
    const request = this.deps.prepare(subscription, delivery, at);
    const result = await this.slots.run(async () => {
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
      result,
      decision,
      at,
      nextAttemptAt: next?.delivery.notBefore,
      disableReason,
    });
    if (disableReason !== undefined) this.deps.subscriptions.disableLocally(subscription.id, disableReason);
    const inPlace = next !== undefined && subscription.ordered;
    const recorded = this.publishDurably(
      this.recordsOf(delivery, attempt, decision, inPlace ? undefined : next),
      signal,
    );
    this.observe(attempt, decision, inPlace);
    return { recorded, inPlaceRetry: inPlace ? next : undefined };
  }

  /** The attempt record, plus the retry or the dead letter it calls for. */
  private recordsOf(
    delivery: DeliveryRecord,
    attempt: AttemptRecord,
    decision: Decision,
    retry: { delivery: DeliveryRecord; delayMs: number } | undefined,
  ): OutgoingRecord[] {
    const key = delivery.subscriptionId;
    const records = [this.record(INTERNAL_TOPICS.attempts, key, attempt)];
    if (retry) records.push(this.record(retryTopic(tierFor(retry.delayMs)), key, retry.delivery));
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
      records.push(this.record(INTERNAL_TOPICS.deadLetter, key, deadLetter));
    }
    return records;
  }

  private observe(attempt: AttemptRecord, decision: Decision, inPlace: boolean): void {
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
      ...(attempt.nextAttemptAt === undefined ? {} : { nextAttemptAt: attempt.nextAttemptAt, inPlace }),
      ...(disableReason === undefined ? {} : { disableReason }),
    };
    if (decision.outcome === 'succeeded') log.debug(fields, 'delivered');
    else if (decision.outcome === 'retrying') log.info(fields, 'delivery attempt failed; retry scheduled');
    else log.warn(fields, decision.outcome === 'dead' ? 'delivery dead-lettered' : 'delivery failed');
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

  private record(topic: string, key: string, value: unknown): OutgoingRecord {
    return {
      topic: prefixed(this.deps.topicPrefix, topic),
      key,
      value: JSON.stringify(value),
      headers: JSON_HEADERS,
    };
  }

  /** The attempt already happened, so its records are produced until Kafka takes them (or shutdown). */
  private async publishDurably(records: readonly OutgoingRecord[], signal: AbortSignal): Promise<void> {
    for (let failures = 0; ; failures += 1) {
      try {
        await this.deps.publish(records);
        return;
      } catch (error) {
        const waitMs = PUBLISH_BACKOFF_MS[Math.min(failures, PUBLISH_BACKOFF_MS.length - 1)];
        this.deps.log.error({ err: error, waitMs }, 'producing attempt records failed; trying again');
        await sleep(waitMs, signal);
      }
    }
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
