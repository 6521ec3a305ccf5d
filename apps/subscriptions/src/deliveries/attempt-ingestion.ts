import { AttemptOutcome, AttemptRecord, eventOfAttempt } from '@app/events';
import { DeliveryKind, DeliveryStatus } from './delivery.entity';

/**
 * Pure mapping from attempt records to delivery-log rows. Writing them is idempotent because
 * attempts are inserted with ON CONFLICT (attempt_id) DO NOTHING and only the attempts actually
 * inserted move their delivery on (see `deliveryUpdates`): a replayed record changes nothing.
 */

/** A delivery's status is its latest attempt's outcome; a retry still to come keeps it pending. */
export function deliveryStatusOf(outcome: AttemptOutcome): DeliveryStatus {
  return outcome === 'retrying' ? 'pending' : outcome;
}

/** Inserted when the delivery is first seen; the counters start at zero and move with its attempts. */
export interface NewDeliveryRow {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  kind: DeliveryKind;
  event: unknown;
  created_at: string;
}

export interface AttemptRow {
  attempt_id: string;
  delivery_id: string;
  number: number;
  at: string;
  duration_ms: number;
  request: AttemptRecord['request'];
  response: AttemptRecord['response'];
  error: AttemptRecord['error'];
  outcome: AttemptOutcome;
  next_attempt_at: string | null;
}

/** Applied to an existing delivery: the status moves only if `last_attempt_number` is newer than the stored one. */
export interface DeliveryUpdate {
  id: string;
  added: number;
  last_attempt_number: number;
  status: DeliveryStatus;
  last_attempt_at: string;
}

export interface DisableRequest {
  webhookId: string;
  reason: string;
}

export interface IngestionPlan {
  deliveries: NewDeliveryRow[];
  attempts: AttemptRow[];
  /** The records behind `attempts`, by attempt id, for what follows an insert. */
  records: ReadonlyMap<string, AttemptRecord>;
}

/** Rows for a batch of valid records; a record repeated within the batch counts once. */
export function planIngestion(records: readonly AttemptRecord[]): IngestionPlan {
  const byAttempt = new Map<string, AttemptRecord>();
  for (const record of records) if (!byAttempt.has(record.attemptId)) byAttempt.set(record.attemptId, record);

  const deliveries = new Map<string, NewDeliveryRow>();
  for (const record of byAttempt.values()) {
    const known = deliveries.get(record.deliveryId);
    if (known === undefined) {
      deliveries.set(record.deliveryId, {
        id: record.deliveryId,
        webhook_id: record.subscriptionId,
        event_id: record.eventId,
        event_type: record.eventType,
        kind: record.kind,
        event: eventOfAttempt(record),
        created_at: record.at,
      });
    } else if (Date.parse(record.at) < Date.parse(known.created_at)) {
      known.created_at = record.at;
    }
  }

  return {
    deliveries: [...deliveries.values()],
    attempts: [...byAttempt.values()].map(attemptRow),
    records: byAttempt,
  };
}

/** duration_ms is an int4 column. */
const MAX_INT4 = 2_147_483_647;

function attemptRow(record: AttemptRecord): AttemptRow {
  return {
    attempt_id: record.attemptId,
    delivery_id: record.deliveryId,
    number: record.number,
    at: record.at,
    duration_ms: Math.min(Math.round(record.durationMs), MAX_INT4),
    request: record.request,
    response: record.response,
    error: record.error,
    outcome: record.outcome,
    next_attempt_at: record.nextAttemptAt ?? null,
  };
}

/** What the attempts that were actually inserted (not already in the log) change on their deliveries. */
export function deliveryUpdates(plan: IngestionPlan, insertedAttemptIds: Iterable<string>): DeliveryUpdate[] {
  const updates = new Map<string, DeliveryUpdate>();
  for (const attemptId of insertedAttemptIds) {
    const record = plan.records.get(attemptId);
    if (record === undefined) continue;
    const update = updates.get(record.deliveryId);
    if (update === undefined) {
      updates.set(record.deliveryId, {
        id: record.deliveryId,
        added: 1,
        last_attempt_number: record.number,
        status: deliveryStatusOf(record.outcome),
        last_attempt_at: record.at,
      });
      continue;
    }
    update.added += 1;
    if (record.number > update.last_attempt_number) {
      update.last_attempt_number = record.number;
      update.status = deliveryStatusOf(record.outcome);
      update.last_attempt_at = record.at;
    }
  }
  return [...updates.values()];
}

/** Webhooks to disable because an attempt new to the log says so (410 Gone, sustained failure). */
export function disableRequests(plan: IngestionPlan, newAttemptIds: Iterable<string>): DisableRequest[] {
  const requests = new Map<string, DisableRequest>();
  for (const attemptId of newAttemptIds) {
    const record = plan.records.get(attemptId);
    if (record?.disableSubscription !== undefined) {
      requests.set(record.subscriptionId, {
        webhookId: record.subscriptionId,
        reason: record.disableSubscription.reason,
      });
    }
  }
  return [...requests.values()];
}
