import { HttpSender } from '@app/delivery';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  CANONICAL_EVENT_PUBLISHER,
  CanonicalEventPublisher,
} from '../canonical-events/canonical-event-publisher';
import { APP_CONFIG, AppConfig } from '../config';
import { CredentialsCipher } from './credentials-cipher';
import { RegistryClient, RegistryError, RegistryErrorKind, TagDigest } from './registry-client';
import { RemoteRepositoriesRepository } from './remote-repositories.repository';
import { RemoteRepositoryEntity } from './remote-repository.entity';
import { tagChanges, tagEvents } from './tag-changes';

export const POLLER_USER_AGENT = 'registry-webhooks-poller';
/** Tag digests read at once from one registry. */
const DIGEST_CONCURRENCY = 4;
/** Responses (tag list pages, token answers) larger than this are refused. */
const MAX_RESPONSE_BYTES = 4 * 1_048_576;
const BACKOFF_CAP_MS = 6 * 3_600_000;

/** What one poll found; also the answer of POST /remote-repositories/{id}/sync. */
export interface SyncOutcome {
  syncedAt: Date;
  status: 'ok' | 'error';
  /** Tags the registry lists now (0 after an error). */
  tags: number;
  pushed: TagDigest[];
  deleted: TagDigest[];
  /** First sync with announceExisting off: tags recorded without events. */
  recordedSilently: number;
  error?: { kind: RegistryErrorKind | 'kafka_unavailable'; message: string; statusCode?: number };
}

/** After `failures` failed polls in a row: the interval doubled that often, at most 6 h (or the interval, if longer). */
export function backoffMs(intervalMs: number, failures: number): number {
  return Math.min(intervalMs * 2 ** Math.min(failures, 20), Math.max(intervalMs, BACKOFF_CAP_MS));
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Polls a watched repository: lists its tags and their digests through libs/delivery's HttpSender
 * (the deliveries' SSRF guard and DELIVERY_* timeouts), produces TAG_PUSH and TAG_DELETE for what
 * changed, and only once Kafka acknowledged them records the new state. An error (401, 404,
 * unreachable, Kafka down) is recorded on the watch and the next poll backs off.
 */
@Injectable()
export class RemoteRepositorySyncService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RemoteRepositories');
  private readonly http: HttpSender;
  readonly cipher?: CredentialsCipher;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly watches: RemoteRepositoriesRepository,
    @Inject(CANONICAL_EVENT_PUBLISHER) private readonly publisher: CanonicalEventPublisher,
  ) {
    this.http = new HttpSender({
      allowPrivateNetworks: config.DELIVERY_ALLOW_PRIVATE_NETWORKS,
      connectTimeoutMs: config.DELIVERY_CONNECT_TIMEOUT,
      totalTimeoutMs: config.DELIVERY_TIMEOUT,
      maxConnectionsPerOrigin: 4,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      userAgent: POLLER_USER_AGENT,
    });
    this.cipher =
      config.CREDENTIALS_ENCRYPTION_KEY && new CredentialsCipher(config.CREDENTIALS_ENCRYPTION_KEY);
  }

  /**
   * Polls one watch holding its lock. A scheduled poll gives up at once when another replica holds
   * it and skips a watch that is no longer due; a requested one waits for the lock. Undefined when
   * the watch is gone, busy or not due.
   */
  async sync(id: string, mode: 'scheduled' | 'requested'): Promise<SyncOutcome | undefined> {
    return this.watches.withSyncLock(id, mode === 'scheduled' ? 0 : 30_000, async () => {
      const watch = await this.watches.findById(id);
      if (watch === null) return undefined;
      if (mode === 'scheduled' && watch.nextSyncAt.getTime() > Date.now()) return undefined;
      return this.poll(watch);
    });
  }

  private async poll(watch: RemoteRepositoryEntity): Promise<SyncOutcome> {
    const syncedAt = new Date();
    let current: TagDigest[];
    try {
      const client = new RegistryClient(this.http, watch.registry, this.credentialsOf(watch));
      const tags = await client.tags(watch.repository);
      current = await mapLimited(tags, DIGEST_CONCURRENCY, (tag) => client.digest(watch.repository, tag));
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.failed(watch, syncedAt, {
        kind: error.kind,
        message: error.message,
        statusCode: error.statusCode,
      });
    }
    const changes = tagChanges(await this.watches.recordedTags(watch.id), current, {
      firstSync: !watch.synced,
      announceExisting: watch.announceExisting,
    });
    try {
      await this.publisher.publish(tagEvents(watch, changes, syncedAt));
    } catch (error) {
      this.logger.warn({ err: error, remoteRepository: watch.id }, 'tag changes not published');
      return this.failed(watch, syncedAt, {
        kind: 'kafka_unavailable',
        message: `Kafka did not take the tag events: ${(error as Error).message}`,
      });
    }
    await this.watches.recordSuccess(
      watch.id,
      current,
      {
        synced: true,
        lastSyncAt: syncedAt,
        lastSuccessAt: syncedAt,
        nextSyncAt: new Date(syncedAt.getTime() + watch.intervalMs),
        lastError: null,
        lastErrorAt: null,
        consecutiveFailures: 0,
      },
      syncedAt,
    );
    const outcome: SyncOutcome = {
      syncedAt,
      status: 'ok',
      tags: current.length,
      pushed: changes.pushed,
      deleted: changes.deleted,
      recordedSilently: watch.synced || watch.announceExisting ? 0 : current.length,
    };
    if (changes.pushed.length + changes.deleted.length > 0) {
      this.logger.log(
        { remoteRepository: watch.id, pushed: changes.pushed.length, deleted: changes.deleted.length },
        `${watch.registry}/${watch.repository}: ${changes.pushed.length} tag(s) pushed, ${changes.deleted.length} deleted`,
      );
    }
    return outcome;
  }

  private async failed(
    watch: RemoteRepositoryEntity,
    syncedAt: Date,
    error: NonNullable<SyncOutcome['error']>,
  ): Promise<SyncOutcome> {
    const failures = watch.consecutiveFailures + 1;
    await this.watches.recordFailure(watch.id, {
      lastSyncAt: syncedAt,
      nextSyncAt: new Date(syncedAt.getTime() + backoffMs(watch.intervalMs, failures)),
      lastError: error.message,
      lastErrorAt: syncedAt,
      consecutiveFailures: failures,
    });
    this.logger.warn(
      { remoteRepository: watch.id, error, failures },
      `${watch.registry}/${watch.repository}: poll failed`,
    );
    return { syncedAt, status: 'error', tags: 0, pushed: [], deleted: [], recordedSilently: 0, error };
  }

  private credentialsOf(watch: RemoteRepositoryEntity) {
    if (watch.credentials === null) return undefined;
    if (this.cipher === undefined)
      throw new RegistryError(
        'unauthorized',
        'the stored credentials cannot be read: CREDENTIALS_ENCRYPTION_KEY is not set',
      );
    try {
      return this.cipher.decrypt(watch.credentials, watch.id);
    } catch {
      throw new RegistryError(
        'unauthorized',
        'the stored credentials cannot be read with this CREDENTIALS_ENCRYPTION_KEY',
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.http.close();
  }
}
