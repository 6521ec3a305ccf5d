import { TSchema } from '@sinclair/typebox';
import { TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { AttemptRecord, DeliveryRecord, SubscriptionRecord } from '../internal';
import './date-time';
import { IssueList, ValidationResult } from './issues';
import { isObject, validateEvent } from './validate-event';

const SUBSCRIPTION_CHECK = TypeCompiler.Compile(SubscriptionRecord);
const DELIVERY_CHECK = TypeCompiler.Compile(DeliveryRecord);
const ATTEMPT_CHECK = TypeCompiler.Compile(AttemptRecord);

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
