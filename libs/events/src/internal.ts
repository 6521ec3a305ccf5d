import { Static, Type } from '@sinclair/typebox';
import { EVENT_TYPES } from './event-types';
import { Namespace, RepositoryPath, Timestamp } from './schemas/common';

/**
 * Records on the internal topics. These are the contract between the subscriptions app and the
 * dispatcher; both validate what they read against these schemas.
 */

export const FORMATS = ['default', 'cloudevents', 'harbor', 'dtr', 'acr', 'distribution'] as const;
export type Format = (typeof FORMATS)[number];
export const TARGET_TYPES = ['http', 'slack', 'teams', 'discord'] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const SubscriptionScope = Type.Union([
  Type.Object({ type: Type.Literal('global') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('namespace'), namespace: Namespace }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('repository'),
      repository: RepositoryPath,
      /** Glob over tags: `*` any run of characters, `?` one character. */
      tag: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    },
    { additionalProperties: false },
  ),
]);
export type SubscriptionScope = Static<typeof SubscriptionScope>;

export const SigningSecret = Type.Object({
  /** `whsec_` + base64. */
  secret: Type.String({ pattern: '^whsec_' }),
  /** Set on the previous secret during a rotation's overlap window. */
  expiresAt: Type.Optional(Timestamp),
});
export type SigningSecret = Static<typeof SigningSecret>;

export const SubscriptionTarget = Type.Object({
  type: Type.Union(TARGET_TYPES.map((t) => Type.Literal(t))),
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  headers: Type.Record(Type.String(), Type.String()),
  authorization: Type.Optional(Type.String()),
  verifyTls: Type.Boolean(),
  caCert: Type.Optional(Type.String()),
});
export type SubscriptionTarget = Static<typeof SubscriptionTarget>;

export const RetryPolicy = Type.Object({
  /** Delays in milliseconds before retry 1, 2, …; its length is the number of retries. */
  scheduleMs: Type.Array(Type.Integer({ minimum: 0 })),
});
export type RetryPolicy = Static<typeof RetryPolicy>;

/** Value on `webhooks.subscriptions.v1` (key = id; a null value is a delete). */
export const SubscriptionRecord = Type.Object({
  id: Type.String(),
  /** Increases with every change; a consumer ignores a record older than what it holds. */
  revision: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  scope: SubscriptionScope,
  events: Type.Array(Type.Union(EVENT_TYPES.map((t) => Type.Literal(t)))),
  target: SubscriptionTarget,
  format: Type.Union(FORMATS.map((f) => Type.Literal(f))),
  /** CloudEvents content mode for the `cloudevents` format (default structured). */
  cloudEventsMode: Type.Optional(Type.Union([Type.Literal('structured'), Type.Literal('binary')])),
  enabled: Type.Boolean(),
  disabledReason: Type.Optional(Type.String()),
  secrets: Type.Array(SigningSecret, { minItems: 1 }),
  retry: Type.Optional(RetryPolicy),
  /** Later events wait behind a failing one instead of passing it. */
  ordered: Type.Boolean(),
  /** Deliveries per second to this subscription; unset = no limit (chat targets default to 1). */
  rateLimitPerSecond: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
  updatedAt: Timestamp,
});
export type SubscriptionRecord = Static<typeof SubscriptionRecord>;

export const DELIVERY_KINDS = ['event', 'ping', 'redelivery'] as const;

/** Value on `webhooks.deliveries.v1` and the retry topics (key = subscription id). */
export const DeliveryRecord = Type.Object({
  deliveryId: Type.String(),
  subscriptionId: Type.String(),
  kind: Type.Union(DELIVERY_KINDS.map((k) => Type.Literal(k))),
  /** The canonical event, already validated on the way in. */
  event: Type.Unknown(),
  /** Number of the attempt this record asks for (1 = first). */
  attempt: Type.Integer({ minimum: 1 }),
  createdAt: Timestamp,
  /**
   * Not to be attempted before this time (epoch ms); set on retries and on an ordered
   * subscription's failing delivery handed to the deliveries topic. A retry tier reads it from the
   * `x-not-before` header instead.
   */
  notBefore: Type.Optional(Type.Integer()),
});
export type DeliveryRecord = Omit<Static<typeof DeliveryRecord>, 'event'> & {
  event: import('./schemas/envelope').CanonicalEvent;
};

export const ATTEMPT_OUTCOMES = ['succeeded', 'retrying', 'failed', 'dead'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * Value on `webhooks.attempts.v1` (key = subscription id). `attemptId` (attemptIdOf) makes
 * ingestion idempotent.
 */
export const AttemptRecord = Type.Object({
  attemptId: Type.String(),
  deliveryId: Type.String(),
  subscriptionId: Type.String(),
  kind: Type.Union(DELIVERY_KINDS.map((k) => Type.Literal(k))),
  eventId: Type.String(),
  eventType: Type.String(),
  /**
   * The canonical event, so the delivery log can redeliver it. Absent when the request body is the
   * event's JSON itself (the `default` format): the event is then `request.body`, parsed.
   */
  event: Type.Optional(Type.Unknown()),
  number: Type.Integer({ minimum: 1 }),
  at: Timestamp,
  durationMs: Type.Number({ minimum: 0 }),
  request: Type.Object({
    method: Type.String(),
    url: Type.String(),
    headers: Type.Record(Type.String(), Type.String()),
    body: Type.String(),
  }),
  response: Type.Union([
    Type.Object({
      statusCode: Type.Integer(),
      headers: Type.Record(Type.String(), Type.String()),
      body: Type.String(),
      truncated: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()]),
  /** succeeded; retrying (nextAttemptAt set); failed (not retryable, e.g. 4xx/410); dead (retries exhausted). */
  outcome: Type.Union(ATTEMPT_OUTCOMES.map((o) => Type.Literal(o))),
  nextAttemptAt: Type.Optional(Timestamp),
  /** Set when this attempt should disable the subscription (410 Gone, sustained failure). */
  disableSubscription: Type.Optional(Type.Object({ reason: Type.String() })),
});
export type AttemptRecord = Static<typeof AttemptRecord>;

/** The id of attempt `number` of a delivery: unique per attempt, the same on every copy of it. */
export function attemptIdOf(deliveryId: string, number: number): string {
  return `${deliveryId}:${number}`;
}

/** The event an attempt record is about: its `event`, or its request body when that is the event. */
export function eventOfAttempt(record: Pick<AttemptRecord, 'event' | 'request'>): unknown {
  return record.event === undefined ? JSON.parse(record.request.body) : record.event;
}

/**
 * Value on `webhooks.dead-letter.v1` (key = subscription id): a delivery whose retries are
 * exhausted, with why and a summary of its last attempt (the attempts topic has them all).
 */
export const DeadLetterRecord = Type.Object({
  /** The delivery record of the last attempt, as read from the deliveries or a retry topic. */
  delivery: DeliveryRecord,
  reason: Type.String(),
  deadAt: Timestamp,
  attempts: Type.Object({
    count: Type.Integer({ minimum: 1 }),
    last: Type.Object({
      attemptId: Type.String(),
      at: Timestamp,
      statusCode: Type.Union([Type.Integer(), Type.Null()]),
      /** The delivery error code (timeout, connection_refused, …) when no response came. */
      error: Type.Union([Type.String(), Type.Null()]),
    }),
  }),
});
export type DeadLetterRecord = Omit<Static<typeof DeadLetterRecord>, 'delivery'> & {
  delivery: DeliveryRecord;
};
