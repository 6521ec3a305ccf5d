import { TSchema, Type } from '@sinclair/typebox';
import { TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { AttemptRecord, DeadLetterRecord, DeliveryRecord, SubscriptionRecord } from '../internal';
import './date-time';
import { IssueList, ValidationResult } from './issues';
import { isObject, validateEvent } from './validate-event';

const SUBSCRIPTION_CHECK = TypeCompiler.Compile(SubscriptionRecord);
const DELIVERY_CHECK = TypeCompiler.Compile(DeliveryRecord);
const ATTEMPT_CHECK = TypeCompiler.Compile(AttemptRecord);
// The delivery inside is checked by validateDeliveryRecord, which also validates its event.
const DEAD_LETTER_CHECK = TypeCompiler.Compile(
  Type.Object({ ...DeadLetterRecord.properties, delivery: Type.Unknown() }),
);

/** A value read from `webhooks.subscriptions.v1` (a null value is a tombstone and is not validated here). */
export function validateSubscriptionRecord(value: unknown): ValidationResult<SubscriptionRecord> {
  if (SUBSCRIPTION_CHECK.Check(value)) return { ok: true, value };
  const issues = new IssueList();
  issues.addSchemaErrors(SUBSCRIPTION_CHECK, value);
  return { ok: false, errors: issues.result() };
}

/**
 * A record that carries a canonical event in `event`: the record's schema plus validateEvent on
 * the event (issues under /event). The returned record carries the event with its canonical type.
 */
function validateWithEvent<R extends { event: unknown }>(
  check: TypeCheck<TSchema>,
  value: unknown,
): ValidationResult<R> {
  const issues = new IssueList();
  if (!check.Check(value)) issues.addSchemaErrors(check, value);
  if (!isObject(value)) return { ok: false, errors: issues.result() };
  const event = validateEvent(value.event);
  if (!event.ok) issues.addAll(event.errors, '/event');
  if (!event.ok || !issues.empty) return { ok: false, errors: issues.result() };
  const record = value as R;
  return { ok: true, value: event.value === record.event ? record : { ...record, event: event.value } };
}

/** A value read from `webhooks.deliveries.v1` or a retry topic. */
export function validateDeliveryRecord(value: unknown): ValidationResult<DeliveryRecord> {
  return validateWithEvent<DeliveryRecord>(DELIVERY_CHECK, value);
}

/** A value read from `webhooks.attempts.v1`. */
export function validateAttemptRecord(value: unknown): ValidationResult<AttemptRecord> {
  return validateWithEvent<AttemptRecord>(ATTEMPT_CHECK, value);
}

/** A value read from `webhooks.dead-letter.v1`: the record's schema plus validateEvent on the delivery's event. */
export function validateDeadLetterRecord(value: unknown): ValidationResult<DeadLetterRecord> {
  const issues = new IssueList();
  if (!DEAD_LETTER_CHECK.Check(value)) issues.addSchemaErrors(DEAD_LETTER_CHECK, value);
  if (!isObject(value)) return { ok: false, errors: issues.result() };
  const delivery = validateDeliveryRecord(value.delivery);
  if (!delivery.ok) issues.addAll(delivery.errors, '/delivery');
  if (!delivery.ok || !issues.empty) return { ok: false, errors: issues.result() };
  const record = value as DeadLetterRecord;
  return { ok: true, value: delivery.value === record.delivery ? record : { ...record, delivery: delivery.value } };
}
