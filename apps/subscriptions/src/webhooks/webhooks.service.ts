import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { EventType, resolveEventType, SubscriptionScope } from '@app/events';
import { generateSecret } from '@app/formatters';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { validateAs } from '../common/validation';
import { APP_CONFIG, AppConfig } from '../config';
import { OutboxService } from '../outbox/outbox.service';
import { BulkWebhooksDto } from './dto/bulk-webhooks.dto';
import { CreateWebhookDto, WebhookFieldsDto } from './dto/create-webhook.dto';
import { ListWebhooksQuery } from './dto/list-webhooks.query';
import { RotateSecretDto } from './dto/rotate-secret.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import {
  BulkResult,
  CreatedWebhookView,
  RotatedSecretView,
  WebhookPage,
  WebhookView,
} from './dto/webhook.response';
import { pruneExpired, rotate } from './signing-secrets';
import { blockedTargetProblem } from './target-address';
import { DraftError, toDraft, toFields, WebhookDraft } from './webhook-draft';
import { mergePatch } from './webhook-patch';
import { scopeColumns, scopeOf, toSubscriptionRecord, toWebhookView } from './webhook.mapper';
import { WebhookEntity } from './webhook.entity';
import { isDuplicateName, WebhooksRepository } from './webhooks.repository';

/**
 * Webhook use cases. Every change runs in one transaction with its outbox record (the full
 * SubscriptionRecord, or null for a delete), so webhooks.subscriptions.v1 sees exactly the
 * committed changes, in order per webhook.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxService,
    private readonly policy: AccessPolicy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(principal: Principal, input: CreateWebhookDto): Promise<CreatedWebhookView> {
    const draft = draftOf(input);
    this.assertDeliverableTarget(draft.target.url);
    this.assertMaySubscribe(principal, draft.scope, draft.events);
    const secret = input.secret ?? generateSecret();
    const now = new Date();
    const webhook = Object.assign(new WebhookEntity(), {
      id: randomUUID(),
      ...columnsOf(draft),
      disabledReason: null,
      secrets: [{ secret }],
      createdBy: principal.subject,
      createdAt: now,
      updatedAt: now,
      revision: 1,
    });
    await this.write(async (manager) => {
      await this.webhooks.insert(manager, webhook);
      await this.outbox.enqueue(manager, webhook.id, toSubscriptionRecord(webhook));
    });
    return { ...toWebhookView(webhook), secret };
  }

  async list(principal: Principal, query: ListWebhooksQuery): Promise<WebhookPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [rows, total] = await this.webhooks.list(
      {
        namespace: query.namespace,
        repository: query.repository,
        event: query.event === undefined ? undefined : resolveEventType(query.event),
        enabled: query.enabled === undefined ? undefined : query.enabled === 'true',
      },
      this.policy.visibility(principal),
      page,
      pageSize,
    );
    return { items: rows.map(toWebhookView), total, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<WebhookView> {
    return toWebhookView(await this.findVisible(principal, id));
  }

  /** The webhook if the caller may administer it; otherwise 404, whether or not it exists. */
  async findVisible(principal: Principal, id: string): Promise<WebhookEntity> {
    return this.visibleOrNotFound(principal, await this.webhooks.findById(id));
  }

  async update(principal: Principal, id: string, patch: UpdateWebhookDto): Promise<WebhookView> {
    return this.write(async (manager) => {
      const webhook = this.visibleOrNotFound(principal, await this.webhooks.lockById(manager, id));
      const merged = await validateAs(WebhookFieldsDto, mergePatch(toFields(webhook), patch));
      const draft = draftOf(merged);
      if (patch.target?.url !== undefined) this.assertDeliverableTarget(draft.target.url);
      this.assertMaySubscribe(principal, draft.scope, draft.events);
      const enabling = draft.enabled && !webhook.enabled;
      Object.assign(webhook, columnsOf(draft), enabling ? { disabledReason: null } : {});
      await this.saveChange(manager, webhook);
      return toWebhookView(webhook);
    });
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.outbox.transaction(async (manager) => {
      this.visibleOrNotFound(principal, await this.webhooks.lockById(manager, id));
      await this.webhooks.delete(manager, id);
      await this.outbox.enqueue(manager, id, null);
    });
  }

  /** All ids in one transaction, one outbox record per changed webhook, in request order. */
  async bulk(principal: Principal, request: BulkWebhooksDto): Promise<BulkResult> {
    const results = await this.outbox.transaction(async (manager) => {
      const found = await this.webhooks.lockByIds(manager, request.ids);
      const outcomes: BulkResult['results'] = [];
      for (const id of request.ids) {
        const webhook = found.get(id);
        if (webhook === undefined || !this.policy.canAdminister(principal, scopeOf(webhook))) {
          outcomes.push({ id, status: 'not_found' });
        } else if (request.action === 'delete') {
          await this.webhooks.delete(manager, id);
          await this.outbox.enqueue(manager, id, null);
          outcomes.push({ id, status: 'deleted' });
        } else {
          webhook.enabled = request.action === 'enable';
          webhook.disabledReason = null;
          await this.saveChange(manager, webhook);
          outcomes.push({ id, status: webhook.enabled ? 'enabled' : 'disabled' });
        }
      }
      return outcomes;
    });
    return { action: request.action, results };
  }

  /** A new current secret; the previous one keeps signing until now + SECRET_ROTATION_OVERLAP. */
  async rotateSecret(principal: Principal, id: string, request: RotateSecretDto): Promise<RotatedSecretView> {
    const secret = request.secret ?? generateSecret();
    const now = new Date();
    await this.outbox.transaction(async (manager) => {
      const webhook = this.visibleOrNotFound(principal, await this.webhooks.lockById(manager, id));
      webhook.secrets = rotate(webhook.secrets, secret, now, this.config.SECRET_ROTATION_OVERLAP);
      await this.saveChange(manager, webhook);
    });
    const previousSecretExpiresAt = new Date(now.getTime() + this.config.SECRET_ROTATION_OVERLAP);
    return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
  }

  /** For trusted internal callers (the gRPC change feed): the webhook whoever may see it. */
  findWithoutAccessCheck(id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findById(id);
  }

  /**
   * Disables a webhook on the system's behalf (410 Gone, sustained failure) within the caller's
   * transaction, with the reason shown to users, through the outbox like any change. Idempotent:
   * true only when it was enabled until now.
   */
  async disableWithin(manager: EntityManager, id: string, reason: string): Promise<boolean> {
    const webhook = await this.webhooks.lockForUpdate(manager, id);
    if (webhook === null || !webhook.enabled) return false;
    webhook.enabled = false;
    webhook.disabledReason = reason;
    await this.saveChange(manager, webhook);
    return true;
  }

  /** Bumps revision and updatedAt, drops expired secrets, saves, and queues the new record. */
  private async saveChange(manager: EntityManager, webhook: WebhookEntity): Promise<void> {
    const now = new Date();
    webhook.secrets = pruneExpired(webhook.secrets, now);
    webhook.revision += 1;
    webhook.updatedAt = now;
    await this.webhooks.save(manager, webhook);
    await this.outbox.enqueue(manager, webhook.id, toSubscriptionRecord(webhook));
  }

  /** A transaction whose unique-name violation becomes a 409. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.outbox.transaction(work);
    } catch (error) {
      if (!isDuplicateName(error)) throw error;
      throw new ConflictException('a webhook with this name already exists in this scope');
    }
  }

  private visibleOrNotFound(principal: Principal, webhook: WebhookEntity | null): WebhookEntity {
    if (webhook === null || !this.policy.canAdminister(principal, scopeOf(webhook))) {
      throw new NotFoundException('webhook not found');
    }
    return webhook;
  }

  /** A literal address delivery would refuse is a 400 now rather than a failed delivery later. */
  private assertDeliverableTarget(url: string): void {
    if (this.config.DELIVERY_ALLOW_PRIVATE_NETWORKS) return;
    const problem = blockedTargetProblem(url);
    if (problem !== undefined) throw new BadRequestException(`target.url${problem}`);
  }

  private assertMaySubscribe(
    principal: Principal,
    scope: SubscriptionScope,
    events: readonly EventType[],
  ): void {
    if (!this.policy.canAdminister(principal, scope)) {
      throw new ForbiddenException(`you may not manage webhooks for ${describeScope(scope)}`);
    }
    const denied = this.policy.deniedEventTypes(principal, scope, events);
    if (denied.length > 0) {
      throw new ForbiddenException(
        `you may not subscribe to ${denied.join(', ')} for ${describeScope(scope)}`,
      );
    }
  }
}

function draftOf(input: WebhookFieldsDto): WebhookDraft {
  try {
    return toDraft(input);
  } catch (error) {
    if (error instanceof DraftError) throw new BadRequestException(error.message);
    throw error;
  }
}

function columnsOf(draft: WebhookDraft) {
  const { scope, ...fields } = draft;
  return { ...fields, ...scopeColumns(scope) };
}

function describeScope(scope: SubscriptionScope): string {
  switch (scope.type) {
    case 'global':
      return 'the global scope';
    case 'namespace':
      return `namespace ${scope.namespace}`;
    case 'repository':
      return `repository ${scope.repository}`;
  }
}
