import { TSchema, Type } from '@sinclair/typebox';
import { TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { AttemptRecord, DeadLetterRecord, DeliveryRecord, SubscriptionRecord } from '../internal';
import './date-time';
import { IssueList, ValidationResult } from './issues';
import { isObject } from './json-object';
import { validateEvent } from './validate-event';

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
 * A record that carries another in `field` (a canonical event, a delivery record): the record's
 * schema plus the nested record's own validation (issues under /<field>). The returned record
 * carries the nested one as its validator returned it (an event with its canonical type).
 */
function validateWithNested<R extends object, K extends keyof R & string>(
  check: TypeCheck<TSchema>,
  value: unknown,
  field: K,
  validateNested: (nested: unknown) => ValidationResult<R[K]>,
): ValidationResult<R> {
  const issues = new IssueList();
  if (!check.Check(value)) issues.addSchemaErrors(check, value);
  if (!isObject(value)) return { ok: false, errors: issues.result() };
  const nested = validateNested(value[field]);
  if (!nested.ok) issues.addAll(nested.errors, `/${field}`);
  if (!nested.ok || !issues.empty) return { ok: false, errors: issues.result() };
  const record = value as R;
  return { ok: true, value: nested.value === record[field] ? record : { ...record, [field]: nested.value } };
}

/** A value read from `webhooks.deliveries.v1` or a retry topic. */
export function validateDeliveryRecord(value: unknown): ValidationResult<DeliveryRecord> {
  return validateWithNested<DeliveryRecord, 'event'>(DELIVERY_CHECK, value, 'event', (event) =>
    validateEvent(event),
  );
}

/**
 * A value read from `webhooks.attempts.v1`. A record without `event` carries it as its request
 * body, which must then be a valid event (issues under /event, as if it were there).
 */
export function validateAttemptRecord(value: unknown): ValidationResult<AttemptRecord> {
  const withEvent =
    isObject(value) && value.event === undefined
      ? { ...value, event: jsonOrUndefined(value.request) }
      : value;
  const result = validateWithNested<AttemptRecord, 'event'>(ATTEMPT_CHECK, withEvent, 'event', (event) =>
    validateEvent(event),
  );
  return result.ok && withEvent !== value ? { ok: true, value: value as AttemptRecord } : result;
}

function jsonOrUndefined(request: unknown): unknown {
  const body = isObject(request) ? request.body : undefined;
  try {
    return typeof body === 'string' ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

/** A value read from `webhooks.dead-letter.v1`: the record's schema plus validateDeliveryRecord on its delivery. */
export function validateDeadLetterRecord(value: unknown): ValidationResult<DeadLetterRecord> {
  return validateWithNested<DeadLetterRecord, 'delivery'>(
    DEAD_LETTER_CHECK,
    value,
    'delivery',
    validateDeliveryRecord,
  );
}
