import { SubscriptionRecord } from '@app/events';

export interface OutboxRow {
  id: string;
  aggregateId: string;
  /** null = delete (tombstone). */
  payload: SubscriptionRecord | null;
}

export interface OutboxStore {
  /** Unpublished rows, oldest (lowest id) first. */
  fetchUnpublished(limit: number): Promise<OutboxRow[]>;
  markPublished(ids: readonly string[]): Promise<void>;
  /** Deletes rows published more than `retentionMs` ago. */
  prunePublished(retentionMs: number): Promise<void>;
}

export interface OutboxPublisher {
  /** Resolves once every row is durably in Kafka, in order per key; rejects if any is not. */
  publish(rows: readonly OutboxRow[]): Promise<void>;
}

/** Leadership across instances: only the holder publishes. */
export interface LeaderLock {
  readonly held: boolean;
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RelayOptions {
  pollIntervalMs: number;
  /** How often a standby instance tries to take over. */
  standbyRetryMs: number;
  batchSize: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  retentionMs: number;
  pruneEveryMs: number;
  /** How long stop() lets an in-flight step finish before abandoning it (a Kafka connect can retry for long). */
  stopGraceMs: number;
  onPublished?: (count: number) => void;
  onFailure?: () => void;
  logger: RelayLogger;
  now?: () => number;
}

export type RelayRole = 'starting' | 'leader' | 'standby' | 'stopped';

export interface RelayStatus {
  role: RelayRole;
  /** unknown until this instance leads and has talked to Kafka (a first connection may take a while to fail). */
  kafka: 'unknown' | 'up' | 'down';
  consecutiveFailures: number;
  lastError?: string;
  lastPublishedAt?: string;
}

/** What to do after a step: wait this long; an idle wait ends early on wake(). */
export interface NextStep {
  waitMs: number;
  idle: boolean;
}

/**
 * Publishes outbox rows in id order. One step: make sure we lead, fetch the oldest unpublished
 * batch, publish it, mark it published. A failure anywhere leaves the rows unpublished, so the next
 * attempt starts again from the first unpublished row: nothing is dropped or reordered (a partly
 * published batch is published again; consumers keep the highest revision).
 */
export class OutboxRelay {
  private readonly state: RelayStatus = { role: 'starting', kafka: 'unknown', consecutiveFailures: 0 };
  private stopping = false;
  private wakeRequested = false;
  private interruptSleep?: () => void;
  private loop?: Promise<void>;
  private lastPruneAt = 0;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: OutboxPublisher,
    private readonly lock: LeaderLock,
    private readonly options: RelayOptions,
  ) {}

  get status(): RelayStatus {
    return { ...this.state };
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Rows were committed: publish now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.interruptSleep?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs)));
    await Promise.race([this.loop, grace]);
    clearTimeout(timer);
    this.state.role = 'stopped';
    await this.lock.release().catch(() => undefined);
  }

  async step(): Promise<NextStep> {
    if (!this.lock.held) {
      let acquired: boolean;
      try {
        acquired = await this.lock.tryAcquire();
      } catch (error) {
        return this.failed('database', error);
      }
      if (!acquired) {
        this.state.role = 'standby';
        return { waitMs: this.options.standbyRetryMs, idle: false };
      }
      this.state.role = 'leader';
      this.options.logger.log('outbox relay: this instance now publishes the outbox');
    }
    this.wakeRequested = false;
    let rows: OutboxRow[];
    try {
      rows = await this.store.fetchUnpublished(this.options.batchSize);
    } catch (error) {
      return this.failed('database', error);
    }
    if (rows.length === 0) {
      await this.pruneIfDue();
      return { waitMs: this.options.pollIntervalMs, idle: true };
    }
    try {
      await this.publisher.publish(rows);
    } catch (error) {
      return this.failed('kafka', error);
    }
    this.state.kafka = 'up';
    try {
      await this.store.markPublished(rows.map((row) => row.id));
    } catch (error) {
      return this.failed('database', error);
    }
    this.state.consecutiveFailures = 0;
    this.state.lastError = undefined;
    this.state.lastPublishedAt = new Date(this.now()).toISOString();
    this.options.onPublished?.(rows.length);
    return { waitMs: 0, idle: false };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const next = await this.step();
      if (!this.stopping) await this.sleep(next);
    }
  }

  private failed(what: 'kafka' | 'database', error: unknown): NextStep {
    if (what === 'kafka') this.state.kafka = 'down';
    this.state.consecutiveFailures += 1;
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    if (this.state.consecutiveFailures === 1 || this.state.lastError !== message) {
      this.options.logger.warn(`outbox relay: ${message}; retrying with backoff, unpublished rows are kept`);
    }
    this.state.lastError = message;
    this.options.onFailure?.();
    const { backoffInitialMs, backoffMaxMs } = this.options;
    const exponent = Math.min(this.state.consecutiveFailures - 1, 30);
    return { waitMs: Math.min(backoffInitialMs * 2 ** exponent, backoffMaxMs), idle: false };
  }

  private async pruneIfDue(): Promise<void> {
    if (this.now() - this.lastPruneAt < this.options.pruneEveryMs) return;
    this.lastPruneAt = this.now();
    await this.store
      .prunePublished(this.options.retentionMs)
      .catch((error: Error) =>
        this.options.logger.warn(`outbox relay: pruning published rows failed: ${error.message}`),
      );
  }

  private sleep({ waitMs, idle }: NextStep): Promise<void> {
    if (waitMs <= 0 || (idle && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      this.interruptSleep = idle ? done : () => this.stopping && done();
    });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
