import { formatDuration, parseDuration } from '@app/common';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccessPolicy, repositoryNamespace } from '../auth/access-policy';
import { Principal } from '../auth/principal';
import { DEFAULT_PAGE_SIZE } from '../common/pagination';
import { RegistryCredentials } from './credentials-cipher';
import {
  CreateRemoteRepositoryDto,
  ListRemoteRepositoriesQuery,
  UpdateRemoteRepositoryDto,
} from './dto/remote-repository.dto';
import { RemoteRepositoryPage, RemoteRepositoryView, SyncResultView } from './dto/remote-repository.view';
import { isDuplicateWatch, RemoteRepositoriesRepository } from './remote-repositories.repository';
import { RemoteRepositorySyncService, SyncOutcome } from './remote-repository-sync.service';
import { RemoteRepositoryEntity } from './remote-repository.entity';

const DEFAULT_INTERVAL = '5m';

/**
 * Watched remote repositories. Whoever administers a repository under the DTR levels may watch it
 * (an admin, the namespace owner, a repository admin); a watch the caller may not administer is a
 * 404. Credentials are encrypted before they are stored and never returned.
 */
@Injectable()
export class RemoteRepositoriesService {
  constructor(
    private readonly watches: RemoteRepositoriesRepository,
    private readonly sync: RemoteRepositorySyncService,
    private readonly policy: AccessPolicy,
  ) {}

  async create(principal: Principal, input: CreateRemoteRepositoryDto): Promise<RemoteRepositoryView> {
    if (!this.policy.isRepositoryAdmin(principal, input.repository))
      throw new ForbiddenException(`you may not watch repository ${input.repository}`);
    const now = new Date();
    const watch = Object.assign(new RemoteRepositoryEntity(), {
      id: randomUUID(),
      registry: new URL(input.registry).origin,
      repository: input.repository,
      namespace: repositoryNamespace(input.repository),
      intervalMs: parseDuration(input.interval ?? DEFAULT_INTERVAL),
      announceExisting: input.announceExisting ?? true,
      synced: false,
      lastSyncAt: null,
      lastSuccessAt: null,
      // The first poll is due now: existing tags are announced (or recorded) at once.
      nextSyncAt: now,
      lastError: null,
      lastErrorAt: null,
      consecutiveFailures: 0,
      createdBy: principal.subject,
      createdAt: now,
      updatedAt: now,
    });
    this.setCredentials(watch, input.credentials);
    try {
      await this.watches.insert(watch);
    } catch (error) {
      if (!isDuplicateWatch(error)) throw error;
      throw new ConflictException(`${watch.registry}/${watch.repository} is watched already`);
    }
    return this.view(watch, 0);
  }

  async list(principal: Principal, query: ListRemoteRepositoriesQuery): Promise<RemoteRepositoryPage> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const [rows, total] = await this.watches.list(this.policy.visibility(principal), page, pageSize);
    const counts = await this.watches.tagCounts(rows.map((row) => row.id));
    return { items: rows.map((row) => this.view(row, counts.get(row.id) ?? 0)), total, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<RemoteRepositoryView> {
    const watch = await this.findVisible(principal, id);
    return this.view(watch, await this.tagCount(id));
  }

  async update(
    principal: Principal,
    id: string,
    patch: UpdateRemoteRepositoryDto,
  ): Promise<RemoteRepositoryView> {
    const watch = await this.findVisible(principal, id);
    if (patch.interval !== undefined) {
      const intervalMs = parseDuration(patch.interval);
      // A shorter interval takes effect now, not after the one already scheduled.
      const base = watch.lastSyncAt ?? watch.createdAt;
      watch.nextSyncAt = new Date(Math.min(watch.nextSyncAt.getTime(), base.getTime() + intervalMs));
      watch.intervalMs = intervalMs;
    }
    if (patch.announceExisting !== undefined) watch.announceExisting = patch.announceExisting;
    if (patch.credentials !== undefined) this.setCredentials(watch, patch.credentials ?? undefined);
    watch.updatedAt = new Date();
    await this.watches.save(watch);
    return this.view(watch, await this.tagCount(id));
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.findVisible(principal, id);
    await this.watches.delete(id);
  }

  /** Polls now, waiting for a poll in progress elsewhere to finish first; 409 if it does not. */
  async syncNow(principal: Principal, id: string): Promise<SyncResultView> {
    await this.findVisible(principal, id);
    const outcome = await this.sync.sync(id, 'requested');
    if (outcome !== undefined) return syncResultView(outcome);
    if ((await this.watches.findById(id)) === null)
      throw new NotFoundException('remote repository not found');
    throw new ConflictException('a sync of this repository is in progress; try again later');
  }

  private async findVisible(principal: Principal, id: string): Promise<RemoteRepositoryEntity> {
    const watch = await this.watches.findById(id);
    if (watch === null || !this.policy.isRepositoryAdmin(principal, watch.repository))
      throw new NotFoundException('remote repository not found');
    return watch;
  }

  private async tagCount(id: string): Promise<number> {
    return (await this.watches.tagCounts([id])).get(id) ?? 0;
  }

  private setCredentials(watch: RemoteRepositoryEntity, credentials: RegistryCredentials | undefined): void {
    if (credentials === undefined) {
      watch.credentials = null;
      watch.credentialsType = null;
      return;
    }
    const cipher = this.sync.cipher;
    if (cipher === undefined)
      throw new BadRequestException(
        'credentials cannot be stored: the server has no CREDENTIALS_ENCRYPTION_KEY',
      );
    watch.credentials = cipher.encrypt(credentials, watch.id);
    watch.credentialsType = 'token' in credentials ? 'token' : 'password';
  }

  private view(watch: RemoteRepositoryEntity, tags: number): RemoteRepositoryView {
    return {
      id: watch.id,
      registry: watch.registry,
      repository: watch.repository,
      interval: formatDuration(watch.intervalMs),
      announceExisting: watch.announceExisting,
      credentials: watch.credentialsType === null ? null : { type: watch.credentialsType },
      status: {
        synced: watch.synced,
        tags,
        lastSyncAt: watch.lastSyncAt?.toISOString() ?? null,
        lastSuccessAt: watch.lastSuccessAt?.toISOString() ?? null,
        nextSyncAt: watch.nextSyncAt.toISOString(),
        lastError:
          watch.lastError === null
            ? null
            : { message: watch.lastError, at: (watch.lastErrorAt ?? watch.updatedAt).toISOString() },
        consecutiveFailures: watch.consecutiveFailures,
      },
      createdBy: watch.createdBy,
      createdAt: watch.createdAt.toISOString(),
      updatedAt: watch.updatedAt.toISOString(),
    };
  }
}

function syncResultView(outcome: SyncOutcome): SyncResultView {
  return { ...outcome, syncedAt: outcome.syncedAt.toISOString() };
}
