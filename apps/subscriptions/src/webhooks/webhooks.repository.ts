import { EventType } from '@app/events';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Repository } from 'typeorm';
import { Visibility } from '../auth/access-policy';
import { whereVisible } from '../database/visibility-condition';
import { WebhookEntity } from './webhook.entity';

export interface WebhookFilter {
  namespace?: string;
  repository?: string;
  event?: EventType;
  enabled?: boolean;
}

const UNIQUE_NAME_INDEX = 'webhooks_scope_name_key';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Webhook ids are lower-case uuids; anything else cannot name one (and would make Postgres reject the query). */
export function isWebhookId(id: string): boolean {
  return UUID.test(id);
}

/** True when `error` is the unique-name-within-scope violation. */
export function isDuplicateName(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === UNIQUE_NAME_INDEX;
}

@Injectable()
export class WebhooksRepository {
  constructor(@InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>) {}

  findById(id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findOneBy({ id });
  }

  /** Reads and row-locks one webhook inside the caller's transaction. */
  lockById(manager: EntityManager, id: string): Promise<WebhookEntity | null> {
    return manager.findOne(WebhookEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Reads and locks one webhook for a change that leaves its key alone, inside a transaction that
   * may already hold a key-share lock on it (rows inserted referencing it).
   */
  lockForUpdate(manager: EntityManager, id: string): Promise<WebhookEntity | null> {
    return manager.findOne(WebhookEntity, { where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** Which of `ids` name webhooks that exist, read in the caller's transaction. */
  async existingIds(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    const candidates = [...new Set(ids)].filter(isWebhookId);
    if (candidates.length === 0) return new Set();
    const rows = await manager.find(WebhookEntity, { select: { id: true }, where: { id: In(candidates) } });
    return new Set(rows.map((row) => row.id));
  }

  /**
   * The enabled webhooks subscribed to `type` whose scope is global, `namespace` or `repository`:
   * every webhook an event of that type about that target can match.
   */
  matchCandidates(type: EventType, namespace?: string, repository?: string): Promise<WebhookEntity[]> {
    return this.webhooks
      .createQueryBuilder('w')
      .where('w.enabled = true')
      .andWhere('w.events @> ARRAY[:type]::text[]', { type })
      .andWhere(
        new Brackets((scope) => {
          scope.where("w.scopeType = 'global'");
          if (namespace !== undefined)
            scope.orWhere("w.scopeType = 'namespace' AND w.scopeNamespace = :namespace", { namespace });
          if (repository !== undefined) {
            scope.orWhere("w.scopeType = 'repository' AND w.scopeRepository = :repository", { repository });
          }
        }),
      )
      .getMany();
  }

  /** Reads and row-locks several webhooks, locking in id order so concurrent bulk requests cannot deadlock. */
  async lockByIds(manager: EntityManager, ids: readonly string[]): Promise<Map<string, WebhookEntity>> {
    const rows = await manager.find(WebhookEntity, {
      where: { id: In([...ids]) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async insert(manager: EntityManager, webhook: WebhookEntity): Promise<void> {
    await manager.insert(WebhookEntity, webhook);
  }

  async save(manager: EntityManager, webhook: WebhookEntity): Promise<void> {
    await manager.save(WebhookEntity, webhook, { reload: false });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(WebhookEntity, { id });
  }

  /** One page of the webhooks `visibility` allows, oldest first. */
  list(
    filter: WebhookFilter,
    visibility: Visibility,
    page: number,
    pageSize: number,
  ): Promise<[WebhookEntity[], number]> {
    const query = whereVisible(this.webhooks.createQueryBuilder('w'), visibility, {
      namespace: "w.scopeType IN ('namespace', 'repository') AND w.scopeNamespace IN (:...namespaces)",
      repository: "w.scopeType = 'repository' AND w.scopeRepository IN (:...repositories)",
    });
    if (filter.namespace !== undefined)
      query.andWhere('w.scopeNamespace = :namespace', { namespace: filter.namespace });
    if (filter.repository !== undefined) {
      query.andWhere('w.scopeRepository = :repository', { repository: filter.repository });
    }
    if (filter.event !== undefined)
      query.andWhere('w.events @> ARRAY[:event]::text[]', { event: filter.event });
    if (filter.enabled !== undefined) query.andWhere('w.enabled = :enabled', { enabled: filter.enabled });
    return query
      .orderBy('w.createdAt', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getManyAndCount();
  }
}
