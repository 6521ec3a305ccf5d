import {
  classifyResult,
  DeliveryResponse,
  OutboundRequest,
  recordedExchange,
  SendResult,
} from '@app/delivery';
import { AttemptRecord, attemptIdOf } from '@app/events';

/** What POST /webhooks/{id}/ping answers: the receiver's reply, or why there was none. */
export interface PingResult {
  deliveryId: string;
  /** The receiver answered 2xx. */
  success: boolean;
  /** null when no response arrived. */
  statusCode: number | null;
  durationMs: number;
  /** The body is cut at 16 KiB (`truncated`). */
  response: DeliveryResponse | null;
  error: { code: string; message: string } | null;
}

export function toPingResult(deliveryId: string, result: SendResult): PingResult {
  const { response, error } = result;
  return {
    deliveryId,
    success: classifyResult(result).outcome === 'success',
    statusCode: response?.statusCode ?? null,
    durationMs: result.durationMs,
    response: response && { ...response },
    error: error && { code: error.code, message: error.message },
  };
}

/** The event type a ping is logged under. */
export const PING_EVENT_TYPE = 'PING';

/**
 * The delivery-log record of a ping: a delivery of kind `ping` with this single attempt, whose
 * event is the ping itself (its id is the delivery id). A ping is never retried, so a failure is final.
 */
export function pingAttemptRecord(input: {
  subscriptionId: string;
  deliveryId: string;
  ping: unknown;
  request: OutboundRequest;
  result: SendResult;
  at: Date;
}): AttemptRecord {
  const { subscriptionId, deliveryId, ping, request, result, at } = input;
  return {
    attemptId: attemptIdOf(deliveryId, 1),
    deliveryId,
    subscriptionId,
    kind: 'ping',
    eventId: deliveryId,
    eventType: PING_EVENT_TYPE,
    event: ping,
    number: 1,
    at: at.toISOString(),
    ...recordedExchange(request, result),
    outcome: classifyResult(result).outcome === 'success' ? 'succeeded' : 'failed',
  };
}
