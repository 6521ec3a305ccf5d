import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RemoteRepositoriesRepository } from './remote-repositories.repository';
import { RemoteRepositorySyncService } from './remote-repository-sync.service';

/** How often each replica looks for watches due for a poll. */
const TICK_MS = 5_000;
const DUE_PER_TICK = 20;

/**
 * Polls due watches. Every replica runs one; the per-repository advisory lock and the due check
 * after taking it mean each repository is polled by one replica at a time, once per interval.
 */
@Injectable()
export class RemoteRepositoryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RemoteRepositories');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly watches: RemoteRepositoriesRepository,
    private readonly sync: RemoteRepositorySyncService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, TICK_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      for (const id of await this.watches.dueIds(new Date(), DUE_PER_TICK)) {
        if (this.stopping) return;
        await this.sync.sync(id, 'scheduled');
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'polling watched repositories failed; retrying on the next tick');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }
}
