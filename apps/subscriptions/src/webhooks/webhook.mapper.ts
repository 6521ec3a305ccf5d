import { formatDuration } from '@app/common';
import { SubscriptionRecord, SubscriptionScope } from '@app/events';
import { redactHeaders } from '@app/delivery';
import { WebhookView } from './dto/webhook.response';
import { WebhookEntity } from './webhook.entity';
import { repositoryNamespace } from '../auth/access-policy';

/** The scope columns of a webhook row; a repository scope also records its namespace (for filters and access). */
export function scopeColumns(
  scope: SubscriptionScope,
): Pick<WebhookEntity, 'scopeType' | 'scopeNamespace' | 'scopeRepository' | 'scopeTag'> {
  switch (scope.type) {
    case 'global':
      return { scopeType: 'global', scopeNamespace: null, scopeRepository: null, scopeTag: null };
    case 'namespace':
      return {
        scopeType: 'namespace',
        scopeNamespace: scope.namespace,
        scopeRepository: null,
        scopeTag: null,
      };
    case 'repository':
      return {
        scopeType: 'repository',
        scopeNamespace: repositoryNamespace(scope.repository),
        scopeRepository: scope.repository,
        scopeTag: scope.tag ?? null,
      };
  }
}

export function scopeOf(webhook: WebhookEntity): SubscriptionScope {
  switch (webhook.scopeType) {
    case 'global':
      return { type: 'global' };
    case 'namespace':
      return { type: 'namespace', namespace: webhook.scopeNamespace! };
    case 'repository':
      return webhook.scopeTag === null
        ? { type: 'repository', repository: webhook.scopeRepository! }
        : { type: 'repository', repository: webhook.scopeRepository!, tag: webhook.scopeTag };
  }
}

/** The value published on webhooks.subscriptions.v1: everything the dispatcher needs, secrets included. */
export function toSubscriptionRecord(webhook: WebhookEntity): SubscriptionRecord {
  const { caCert, ...target } = webhook.target;
  return {
    id: webhook.id,
    revision: webhook.revision,
    name: webhook.name,
    scope: scopeOf(webhook),
    events: [...webhook.events],
    target: {
      ...target,
      headers: { ...target.headers },
      ...(webhook.authorization === null ? {} : { authorization: webhook.authorization }),
      ...(caCert === undefined ? {} : { caCert }),
    },
    format: webhook.format,
    ...(webhook.cloudEventsMode === null ? {} : { cloudEventsMode: webhook.cloudEventsMode }),
    enabled: webhook.enabled,
    ...(webhook.disabledReason === null ? {} : { disabledReason: webhook.disabledReason }),
    secrets: webhook.secrets.map((secret) => ({ ...secret })),
    ...(webhook.retryScheduleMs === null ? {} : { retry: { scheduleMs: [...webhook.retryScheduleMs] } }),
    ordered: webhook.ordered,
    ...(webhook.rateLimitPerSecond === null ? {} : { rateLimitPerSecond: webhook.rateLimitPerSecond }),
    updatedAt: webhook.updatedAt.toISOString(),
  };
}

/** Enough to recognise the value ("Bear****"), never enough to use it; short values are hidden entirely. */
export function maskAuthorization(value: string): string {
  return value.length >= 12 ? `${value.slice(0, 4)}****` : '[redacted]';
}

/** A webhook as the API returns it: no secrets, Authorization masked, credential-like header values redacted. */
export function toWebhookView(webhook: WebhookEntity): WebhookView {
  const { caCert, ...target } = webhook.target;
  return {
    id: webhook.id,
    name: webhook.name,
    description: webhook.description,
    scope: scopeOf(webhook),
    events: [...webhook.events],
    target: {
      ...target,
      headers: redactHeaders(target.headers),
      ...(webhook.authorization === null ? {} : { authorization: maskAuthorization(webhook.authorization) }),
      ...(caCert === undefined ? {} : { caCert }),
    },
    format: webhook.format,
    ...(webhook.cloudEventsMode === null ? {} : { cloudEventsMode: webhook.cloudEventsMode }),
    enabled: webhook.enabled,
    disabledReason: webhook.disabledReason,
    retry:
      webhook.retryScheduleMs === null ? null : { schedule: webhook.retryScheduleMs.map(formatDuration) },
    ordered: webhook.ordered,
    rateLimitPerSecond: webhook.rateLimitPerSecond,
    createdBy: webhook.createdBy,
    createdAt: webhook.createdAt.toISOString(),
    updatedAt: webhook.updatedAt.toISOString(),
    revision: webhook.revision,
  };
}
