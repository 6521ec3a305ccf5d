import { OutboundRequest, recordedExchange, SendResult } from '@app/delivery';
import { AttemptRecord, DeliveryRecord } from '@app/events';
import { Decision } from './decision';

/**
 * The record of one attempt for `webhooks.attempts.v1`: what was sent (credentials in headers
 * redacted), what came back (body already truncated by the sender), and the decision taken.
 * `attemptId` = `<deliveryId>:<number>` lets the delivery log ingest it idempotently.
 */
export function buildAttemptRecord(input: {
  delivery: DeliveryRecord;
  request: OutboundRequest;
  result: SendResult;
  decision: Decision;
  /** When the request was sent. */
  at: Date;
  /** When a retry is due (epoch ms); set with the outcome 'retrying'. */
  nextAttemptAt?: number;
  disableReason?: string;
}): AttemptRecord {
  const { delivery, request, result, decision, at, nextAttemptAt, disableReason } = input;
  const record: AttemptRecord = {
    attemptId: `${delivery.deliveryId}:${delivery.attempt}`,
    deliveryId: delivery.deliveryId,
    subscriptionId: delivery.subscriptionId,
    kind: delivery.kind,
    eventId: delivery.event.id,
    eventType: delivery.event.type,
    event: delivery.event,
    number: delivery.attempt,
    at: at.toISOString(),
    ...recordedExchange(request, result),
    outcome: decision.outcome,
  };
  if (nextAttemptAt !== undefined) record.nextAttemptAt = new Date(nextAttemptAt).toISOString();
  if (disableReason !== undefined) record.disableSubscription = { reason: disableReason };
  return record;
}
