import { retryTransient } from '@app/common';
import { Consumer, ConsumerRunConfig, ConsumerSubscribeTopics } from 'kafkajs';
import { Logger } from 'pino';

export type Assignment = Readonly<Record<string, readonly number[]>>;

const RESTART_BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Runs a kafkajs consumer and follows its group membership: `joined` turns true once it joined its
 * group (readiness), `onAssignment` hears every new assignment (and the one before it). kafkajs restarts a consumer after a
 * retriable crash itself; after any other crash (a protocol error during a rebalance, say) this
 * restarts it, with backoff, rather than leaving an instance that consumes nothing. Uncommitted
 * work is read again either way.
 */
export class ManagedConsumer {
  private hasJoined = false;
  private owned: Assignment = {};
  private stopping = false;
  private crashes = 0;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly consumer: Consumer,
    private readonly log: Logger,
    onAssignment: (assignment: Assignment, previous: Assignment) => void = () => undefined,
  ) {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.hasJoined = true;
      this.crashes = 0;
      const previous = this.owned;
      this.owned = payload.memberAssignment;
      log.info(
        { groupId: payload.groupId, memberAssignment: payload.memberAssignment, isLeader: payload.isLeader },
        'joined consumer group',
      );
      onAssignment(payload.memberAssignment, previous);
    });
  }

  get joined(): boolean {
    return this.hasJoined;
  }

  /** The partitions of the last assignment (what the sticky assigner claims at the next rejoin). */
  get assignment(): Assignment {
    return this.owned;
  }

  async start(subscription: ConsumerSubscribeTopics, run: ConsumerRunConfig): Promise<void> {
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.hasJoined = false;
      this.log.error(
        { err: payload.error, groupId: payload.groupId, restart: payload.restart },
        'consumer crashed',
      );
      if (!payload.restart && !this.stopping) this.restartLater(run);
    });
    await this.consumer.connect();
    await retryTransient(() => this.consumer.subscribe(subscription));
    await this.consumer.run(run);
  }

  /** Stops fetching (after the batch in progress) and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    await this.consumer.disconnect();
  }

  private restartLater(run: ConsumerRunConfig): void {
    const waitMs = RESTART_BACKOFF_MS[Math.min(this.crashes, RESTART_BACKOFF_MS.length - 1)];
    this.crashes += 1;
    this.log.warn({ waitMs }, 'restarting the consumer');
    this.restartTimer = setTimeout(() => {
      // kafkajs disconnected it on the crash; it keeps its subscription.
      this.consumer
        .connect()
        .then(() => this.consumer.run(run))
        .catch((error: unknown) => {
          this.log.error({ err: error }, 'consumer restart failed');
          if (!this.stopping) this.restartLater(run);
        });
    }, waitMs);
  }
}
