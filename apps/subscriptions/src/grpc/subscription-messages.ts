import { repositoryNamespace } from '../auth/access-policy';
import { WebhookView } from '../webhooks/dto/webhook.response';

/**
 * Messages of registry_webhooks/v1/subscriptions.proto as proto-loader hands them over
 * (PROTO_LOADER_OPTIONS: field names as in the .proto, enums as their names, proto3 `optional`
 * fields undefined when unset).
 */
export interface ScopeMessage {
  type: string;
  namespace: string;
  repository: string;
  tag: string;
}

export interface SubscriptionMessage {
  id: string;
  name: string;
  description: string;
  scope: ScopeMessage;
  events: string[];
  target: { type: string; url: string; verify_tls: boolean };
  format: string;
  enabled: boolean;
  disabled_reason: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface GetSubscriptionRequest {
  id: string;
}

export interface ListSubscriptionsRequest {
  namespace?: string;
  repository?: string;
  event?: string;
  enabled?: boolean;
  page: number;
  page_size: number;
}

export interface ListSubscriptionsResponse {
  items: SubscriptionMessage[];
  total: number;
  page: number;
  page_size: number;
}

export interface MatchSubscriptionsRequest {
  event_type: string;
  namespace: string;
  repository: string;
  tag: string;
}

export interface MatchSubscriptionsResponse {
  items: SubscriptionMessage[];
}

export interface SubscriptionChange {
  kind: 'UPSERT' | 'DELETE';
  id: string;
  subscription?: SubscriptionMessage;
}

/** A webhook as the REST API shows it, in proto form: no signing secrets, no Authorization value, no custom headers. */
export function toSubscriptionMessage(webhook: WebhookView): SubscriptionMessage {
  const { scope } = webhook;
  return {
    id: webhook.id,
    name: webhook.name,
    description: webhook.description ?? '',
    scope: {
      type: scope.type,
      namespace:
        scope.type === 'namespace'
          ? scope.namespace
          : scope.type === 'repository'
            ? repositoryNamespace(scope.repository)
            : '',
      repository: scope.type === 'repository' ? scope.repository : '',
      tag: scope.type === 'repository' ? (scope.tag ?? '') : '',
    },
    events: [...webhook.events],
    target: { type: webhook.target.type, url: webhook.target.url, verify_tls: webhook.target.verifyTls },
    format: webhook.format,
    enabled: webhook.enabled,
    disabled_reason: webhook.disabledReason ?? '',
    created_by: webhook.createdBy,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}
