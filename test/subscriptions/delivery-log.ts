import {
  AttemptOutcome,
  AttemptRecord,
  CanonicalEvent,
  EventType,
  exampleEvent,
  INTERNAL_TOPICS,
} from '@app/events';
import { ulid } from 'ulid';
import { Stack } from '../support/stack';

/** Helpers for the delivery-log system tests: attempt records as the dispatcher writes them. */

export function event(type: EventType): CanonicalEvent {
  return { ...exampleEvent(type), id: ulid() };
}

export function attemptRecord(input: {
  webhookId: string;
  deliveryId: string;
  number: number;
  outcome: AttemptOutcome;
  event: CanonicalEvent;
  at: Date;
  statusCode?: number;
  disableReason?: string;
}): AttemptRecord {
  const {
    webhookId,
    deliveryId,
    number,
    outcome,
    at,
    statusCode = outcome === 'succeeded' ? 200 : 503,
  } = input;
  return {
    attemptId: `${deliveryId}:${number}`,
    deliveryId,
    subscriptionId: webhookId,
    kind: 'event',
    eventId: input.event.id,
    eventType: input.event.type,
    event: input.event,
    number,
    at: at.toISOString(),
    durationMs: 12,
    request: {
      method: 'POST',
      url: 'https://ci.example.com/hooks',
      headers: { 'content-type': 'application/json', authorization: '[redacted]', 'webhook-id': deliveryId },
      body: JSON.stringify(input.event),
    },
    response: {
      statusCode,
      headers: { 'content-type': 'text/plain' },
      body: `answer ${number}`,
      truncated: false,
    },
    error: null,
    outcome,
    ...(outcome === 'retrying' ? { nextAttemptAt: new Date(at.getTime() + 5_000).toISOString() } : {}),
    ...(input.disableReason === undefined ? {} : { disableSubscription: { reason: input.disableReason } }),
  };
}

/** Produces records (or raw strings) on the attempts topic, keyed by the webhook id like the dispatcher does. */
export async function produceAttempts(
  stack: Stack,
  webhookId: string,
  ...records: (AttemptRecord | string)[]
): Promise<void> {
  for (const record of records) {
    await stack.produceRaw(
      INTERNAL_TOPICS.attempts,
      typeof record === 'string' ? record : JSON.stringify(record),
      webhookId,
    );
  }
}

/** Polls `probe` until it returns a value (not undefined). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
