import { parseDuration } from '@app/common';
import {
  EventType,
  Format,
  isScopeAllowedForType,
  parseScope,
  resolveEventType,
  SubscriptionScope,
  TargetType,
} from '@app/events';
import { WebhookFieldsDto } from './dto/create-webhook.dto';
import { CloudEventsMode, StoredTarget, WebhookEntity } from './webhook.entity';
import { scopeOf } from './webhook.mapper';

const CHAT_TARGETS: ReadonlySet<TargetType> = new Set(['slack', 'teams', 'discord']);
/** Slack and friends accept about one message per second per webhook. */
export const CHAT_RATE_LIMIT_PER_SECOND = 1;

/** The writable fields of a webhook in stored (canonical) form. */
export interface WebhookDraft {
  name: string;
  description: string | null;
  scope: SubscriptionScope;
  events: EventType[];
  target: StoredTarget;
  authorization: string | null;
  format: Format;
  cloudEventsMode: CloudEventsMode | null;
  enabled: boolean;
  retryScheduleMs: number[] | null;
  ordered: boolean;
  rateLimitPerSecond: number | null;
}

export class DraftError extends Error {}

/** Catalogue names or aliases → canonical names, first occurrence order, duplicates dropped. */
export function canonicalEvents(names: readonly string[]): EventType[] {
  const canonical = names.map((name) => {
    const type = resolveEventType(name);
    if (type === undefined)
      throw new DraftError(`events contains unknown event type ${JSON.stringify(name)}`);
    return type;
  });
  return [...new Set(canonical)];
}

export function canonicalScope(input: SubscriptionScope | string): SubscriptionScope {
  const parsed = parseScope(input);
  if (!parsed.ok) throw new DraftError(`scope is not valid: ${parsed.errors[0].message}`);
  return parsed.value;
}

/**
 * Validated input (POST body, or a PATCH merged into the stored webhook) → stored form: scope and
 * events canonical, defaults applied. Throws DraftError when an event type cannot be carried by the
 * scope (e.g. QUOTA_EXCEEDED on a repository scope).
 */
export function toDraft(input: WebhookFieldsDto): WebhookDraft {
  const scope = canonicalScope(input.scope);
  const events = canonicalEvents(input.events);
  for (const type of events) {
    const allowance = isScopeAllowedForType(scope, type);
    if (!allowance.allowed) throw new DraftError(`events: ${allowance.reason}`);
  }
  const { type, url, headers, verifyTls, caCert, authorization } = input.target;
  const chat = CHAT_TARGETS.has(type);
  return {
    name: input.name,
    description: input.description ?? null,
    scope,
    events,
    target: {
      type,
      url,
      headers: { ...headers },
      verifyTls: verifyTls ?? true,
      ...(caCert == null ? {} : { caCert }),
    },
    authorization: authorization ?? null,
    format: input.format ?? 'default',
    cloudEventsMode: input.cloudEventsMode ?? null,
    enabled: input.enabled ?? true,
    retryScheduleMs: input.retry == null ? null : input.retry.schedule.map(parseDuration),
    ordered: input.ordered ?? false,
    rateLimitPerSecond: input.rateLimitPerSecond ?? (chat ? CHAT_RATE_LIMIT_PER_SECOND : null),
  };
}

/** The stored webhook in input form, the base a PATCH is merged into. */
export function toFields(webhook: WebhookEntity): WebhookFieldsDto {
  return {
    name: webhook.name,
    description: webhook.description,
    scope: scopeOf(webhook),
    events: [...webhook.events],
    target: {
      ...webhook.target,
      headers: { ...webhook.target.headers },
      authorization: webhook.authorization,
    },
    format: webhook.format,
    cloudEventsMode: webhook.cloudEventsMode,
    enabled: webhook.enabled,
    retry:
      webhook.retryScheduleMs === null ? null : { schedule: webhook.retryScheduleMs.map((ms) => `${ms}ms`) },
    ordered: webhook.ordered,
    rateLimitPerSecond: webhook.rateLimitPerSecond,
  };
}
