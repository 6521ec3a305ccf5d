import { OutboundRequest, recordedExchange, SendResult } from '@app/delivery';
import { AttemptRecord, attemptIdOf, DeliveryRecord } from '@app/events';
import { Decision } from './decision';

/**
 * The record of one attempt for `webhooks.attempts.v1`: what was sent (credentials in headers
 * redacted), what came back (body already truncated by the sender), and the decision taken. The
 * event travels once: as `event`, or only as the request body when the body is the event itself
 * (`bodyIsEvent`, the `default` format), which the delivery log then reads it from.
 */
export function buildAttemptRecord(input: {
  delivery: DeliveryRecord;
  request: OutboundRequest;
  /** The request body is the event's JSON (sendsEventAsIs). */
  bodyIsEvent: boolean;
  result: SendResult;
  decision: Decision;
  /** When the request was sent. */
  at: Date;
  /** When a retry is due (epoch ms); set with the outcome 'retrying'. */
  nextAttemptAt?: number;
  disableReason?: string;
}): AttemptRecord {
  const { delivery, request, bodyIsEvent, result, decision, at, nextAttemptAt, disableReason } = input;
  const record: AttemptRecord = {
    attemptId: attemptIdOf(delivery.deliveryId, delivery.attempt),
    deliveryId: delivery.deliveryId,
    subscriptionId: delivery.subscriptionId,
    kind: delivery.kind,
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    ...(bodyIsEvent ? {} : { event: delivery.event }),
    number: delivery.attempt,
    at: at.toISOString(),
    ...recordedExchange(request, result),
    outcome: decision.outcome,
  };
  if (nextAttemptAt !== undefined) record.nextAttemptAt = new Date(nextAttemptAt).toISOString();
  if (disableReason !== undefined) record.disableSubscription = { reason: disableReason };
  return record;
}
