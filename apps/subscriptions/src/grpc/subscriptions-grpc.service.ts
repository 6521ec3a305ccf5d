import {
  IndexableSubscription,
  MatchTarget,
  namespaceOf,
  resolveEventType,
  SubscriptionIndex,
} from '@app/events';
import { status } from '@grpc/grpc-js';
import { Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Principal } from '../auth/principal';
import { validateAs } from '../common/validation';
import { isWebhookId, WebhooksRepository } from '../webhooks/webhooks.repository';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { ListWebhooksQuery } from '../webhooks/dto/list-webhooks.query';
import { scopeOf, toWebhookView } from '../webhooks/webhook.mapper';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { WebhooksService } from '../webhooks/webhooks.service';
import {
  GetSubscriptionRequest,
  ListSubscriptionsRequest,
  ListSubscriptionsResponse,
  MatchSubscriptionsRequest,
  MatchSubscriptionsResponse,
  SubscriptionMessage,
  toSubscriptionMessage,
} from './subscription-messages';

/** Holders of GRPC_AUTH_TOKEN are trusted services: they see every subscription, as an admin would. */
const SERVICE_PRINCIPAL: Principal = { subject: 'grpc', admin: true, access: [] };

function invalidArgument(message: string): RpcException {
  return new RpcException({ code: status.INVALID_ARGUMENT, message });
}

/** proto3 leaves unset strings empty; empty means "not given" for every optional string here. */
const given = (value: string): string | undefined => (value === '' ? undefined : value);

type Candidate = IndexableSubscription & { webhook: WebhookEntity };

/** SubscriptionService over the same use cases and queries as the REST API. */
@Injectable()
export class SubscriptionsGrpcService {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly webhookRows: WebhooksRepository,
  ) {}

  async get(request: GetSubscriptionRequest): Promise<SubscriptionMessage> {
    const id = request.id.toLowerCase();
    if (!isWebhookId(id)) throw invalidArgument('id must be a subscription id (a UUID)');
    return toSubscriptionMessage(await this.webhooks.get(SERVICE_PRINCIPAL, id));
  }

  /** Filters and paging as GET /api/v1/webhooks; page 0 and page_size 0 mean the defaults (1 and 20). */
  async list(request: ListSubscriptionsRequest): Promise<ListSubscriptionsResponse> {
    if (request.page < 0) throw invalidArgument('page must not be negative');
    if (request.page_size < 0 || request.page_size > MAX_PAGE_SIZE) {
      throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE} (0 means 20)`);
    }
    const query = await validateAs(ListWebhooksQuery, {
      namespace: request.namespace,
      repository: request.repository,
      event: request.event,
      enabled: request.enabled === undefined ? undefined : String(request.enabled),
      page: request.page || undefined,
      pageSize: request.page_size || undefined,
    });
    const result = await this.webhooks.list(SERVICE_PRINCIPAL, query);
    return {
      items: result.items.map(toSubscriptionMessage),
      total: result.total,
      page: result.page,
      page_size: result.pageSize,
    };
  }

  /**
   * The enabled subscriptions an event of this type about this target goes to: candidates from
   * Postgres (enabled, subscribed to the type, scope global or on the target's namespace or
   * repository), matched by the SubscriptionIndex the dispatcher matches with.
   */
  async match(request: MatchSubscriptionsRequest): Promise<MatchSubscriptionsResponse> {
    const type = resolveEventType(request.event_type);
    if (type === undefined)
      throw invalidArgument('event_type must be an event type name or alias (see GET /api/v1/event-types)');
    const target: MatchTarget = {
      namespace: given(request.namespace),
      repository: given(request.repository),
      tag: given(request.tag),
    };
    if (target.repository !== undefined && !target.repository.includes('/')) {
      throw invalidArgument('repository must be namespace/name');
    }
    if (
      target.namespace !== undefined &&
      target.repository !== undefined &&
      namespaceOf({ repository: target.repository }) !== target.namespace
    ) {
      throw invalidArgument('namespace must be the first segment of repository');
    }
    const index = new SubscriptionIndex<Candidate>();
    for (const webhook of await this.webhookRows.matchCandidates(
      type,
      namespaceOf(target),
      target.repository,
    )) {
      index.upsert({
        id: webhook.id,
        revision: webhook.revision,
        scope: scopeOf(webhook),
        events: webhook.events,
        enabled: webhook.enabled,
        webhook,
      });
    }
    return {
      items: index
        .match({ type, target })
        .map((candidate) => toSubscriptionMessage(toWebhookView(candidate.webhook))),
    };
  }
}
