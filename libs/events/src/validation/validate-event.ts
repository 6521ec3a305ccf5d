import { TypeCheck, TypeCompiler } from '@sinclair/typebox/compiler';
import { EVENT_TYPE_INFO, EventType, resolveEventType } from '../event-types';
import { CanonicalEvent, ENVELOPE_SCHEMAS } from '../schemas/envelope';
import { chartVersionTag, TYPE_REQUIREMENTS } from '../schemas/type-requirements';
import { EventFamily, FAMILIES, INBOUND_TOPICS } from '../topics';
import './date-time';
import { IssueList, quote, ValidationResult } from './issues';
import { isObject, JsonObject, parseJsonObject } from './json-object';

/** Compiled once at module load; validating never compiles. */
const ENVELOPE_CHECKS = Object.fromEntries(
  FAMILIES.map((family) => [family, TypeCompiler.Compile(ENVELOPE_SCHEMAS[family])]),
) as { [F in EventFamily]: TypeCheck<(typeof ENVELOPE_SCHEMAS)[F]> };

export interface ValidateEventOptions {
  /** The family of the topic the record came from; a type of another family is an error. */
  family?: EventFamily;
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** Rules the family schema cannot state: per-type required fields and cross-field consistency. */
function checkTypeRules(event: JsonObject, type: EventType, issues: IssueList): void {
  const target = event.target;
  const data = event.data;
  const required = TYPE_REQUIREMENTS[type];
  // A missing target or data is already a schema error; these name what is missing inside them.
  for (const key of required.target) {
    if (isObject(target) && target[key] === undefined)
      issues.add(`/target/${key}`, `is required for ${type} events`);
  }
  for (const key of required.data) {
    if (isObject(data) && data[key] === undefined)
      issues.add(`/data/${key}`, `is required for ${type} events`);
  }
  const namespace = field(target, 'namespace');
  const repository = field(target, 'repository');
  if (
    typeof namespace === 'string' &&
    typeof repository === 'string' &&
    !repository.startsWith(`${namespace}/`)
  ) {
    issues.add('/target/repository', `must be inside namespace ${quote(namespace)} (start with it and "/")`);
  }
  if (EVENT_TYPE_INFO[type].family === 'chart') {
    const version = field(field(data, 'chart'), 'version');
    const tag = field(target, 'tag');
    if (typeof version === 'string' && typeof tag === 'string' && tag !== chartVersionTag(version)) {
      issues.add(
        '/target/tag',
        `must be the chart version ${quote(chartVersionTag(version))} (data.chart.version)`,
      );
    }
  }
}

/**
 * Validates a canonical event. An alias in `type` (PUSH_ARTIFACT, ACR `push`, …) is accepted and
 * the returned value carries the canonical name; the input is never modified. Reports every
 * problem found (up to MAX_ISSUES), schema and semantic alike.
 */
export function validateEvent(
  value: unknown,
  options: ValidateEventOptions = {},
): ValidationResult<CanonicalEvent> {
  if (!isObject(value)) return { ok: false, errors: [{ path: '', message: 'must be a JSON object' }] };
  const issues = new IssueList();
  const rawType = value.type;
  const type = typeof rawType === 'string' ? resolveEventType(rawType) : undefined;
  if (rawType === undefined) issues.add('/type', 'is required');
  else if (typeof rawType !== 'string') issues.add('/type', 'must be a string naming an event type');
  else if (type === undefined) issues.add('/type', `${quote(rawType)} is not a known event type or alias`);

  const family = type === undefined ? options.family : EVENT_TYPE_INFO[type].family;
  if (type !== undefined && options.family !== undefined && family !== options.family) {
    issues.add(
      '/type',
      `${type} belongs to the ${family} family; ${INBOUND_TOPICS[options.family]} carries ${options.family} events`,
    );
  }
  // Without a known type and no topic to go by there is no schema to check the rest against.
  if (family === undefined) return { ok: false, errors: issues.result() };

  const event = type !== undefined && type !== rawType ? { ...value, type } : value;
  const check = ENVELOPE_CHECKS[family];
  if (!check.Check(event)) issues.addSchemaErrors(check, event);
  if (type !== undefined) checkTypeRules(event, type, issues);
  return issues.empty ? { ok: true, value: event as CanonicalEvent } : { ok: false, errors: issues.result() };
}

/** Largest inbound record accepted by default (Kafka's default max.message.bytes). */
export const MAX_INBOUND_BYTES = 1_048_576;

/**
 * Validates the raw value of an inbound Kafka record of `family`'s topic. Never throws: empty,
 * oversized, non-UTF-8, non-JSON and non-object values each give one issue at the root.
 */
export function parseInboundRecord(
  bytes: Buffer | string | null,
  family: EventFamily,
  maxBytes = MAX_INBOUND_BYTES,
): ValidationResult<CanonicalEvent> {
  const parsed = parseJsonObject(bytes, 'record value', maxBytes);
  if (!parsed.ok) return parsed;
  return validateEvent(parsed.value, { family });
}
