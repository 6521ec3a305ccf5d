import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config';
import { DeliveryLogRepository } from './delivery-log.repository';
import { RetentionPolicy } from './retention';

/** Rows deleted per statement, so a sweep never holds one long transaction. */
const SWEEP_BATCH_SIZE = 1_000;

/**
 * Trims the delivery log every DELIVERY_LOG_SWEEP_INTERVAL: deliveries older than
 * DELIVERY_LOG_RETENTION, and beyond the newest DELIVERY_LOG_MAX_PER_WEBHOOK of each webhook, go
 * with their attempts. Every instance sweeps; the deletes are idempotent, so overlapping sweeps
 * only repeat work.
 */
@Injectable()
export class RetentionSweeperService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryLogRetention');
  private readonly policy: RetentionPolicy;
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly log: DeliveryLogRepository,
  ) {
    this.policy = {
      retentionMs: config.DELIVERY_LOG_RETENTION,
      maxPerWebhook: config.DELIVERY_LOG_MAX_PER_WEBHOOK,
    };
    this.intervalMs = config.DELIVERY_LOG_SWEEP_INTERVAL;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  private async sweep(): Promise<void> {
    try {
      const deleted = await this.log.sweep(this.policy, new Date(), SWEEP_BATCH_SIZE);
      if (deleted > 0) this.logger.log({ deleted }, 'delivery log trimmed');
    } catch (error) {
      this.logger.warn({ err: error }, 'delivery log sweep failed; retrying at the next interval');
    }
  }
}
