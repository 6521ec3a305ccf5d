import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from 'pino';
import type { PartitionCommit } from './offset-tracker';

const COMMIT_RETRY_MS = 500;
/** Least time between two commits: a crash repeats at most this much more finished work. */
const COMMIT_INTERVAL_MS = 100;

export interface CommitSource {
  /** Commit points that moved since the last `markCommitted`. */
  uncommitted(): PartitionCommit[];
  markCommitted(commits: readonly PartitionCommit[]): void;
}

/**
 * Commits a consumer's offsets off its fetch path: `request` returns at once, and commits go out
 * one request at a time, at most one per COMMIT_INTERVAL_MS, each carrying every commit point that
 * moved meanwhile. A refused commit (the broker refuses them while the group rebalances) is retried
 * until it succeeds; once stopping, only until the stop deadline, after which the next owner
 * repeats the uncommitted work. While stopping there is no interval: the last commit goes at once.
 */
export class OffsetCommitter {
  private committing?: Promise<void>;
  private again = false;
  private stopDeadline = Infinity;

  constructor(
    private readonly source: CommitSource,
    private readonly commit: (commits: PartitionCommit[]) => Promise<void>,
    private readonly log: Logger,
  ) {}

  /** From now on commits are retried only until `deadline` (epoch ms) and never wait for the interval. */
  stopBy(deadline: number): void {
    this.stopDeadline = deadline;
  }

  /** Asks for a commit of everything that moved; resolves when a commit including it is done or given up. */
  request(): Promise<void> {
    this.again = true;
    this.committing ??= this.run().finally(() => (this.committing = undefined));
    return this.committing;
  }

  private get stopping(): boolean {
    return this.stopDeadline !== Infinity;
  }

  private async run(): Promise<void> {
    while (this.again) {
      this.again = false;
      const commits = this.source.uncommitted();
      if (commits.length === 0) continue;
      const started = Date.now();
      try {
        await this.commit(commits);
        this.source.markCommitted(commits);
        if (!this.stopping) await delay(Math.max(0, COMMIT_INTERVAL_MS - (Date.now() - started)));
      } catch (error) {
        const retrying = !this.stopping || Date.now() + COMMIT_RETRY_MS < this.stopDeadline;
        this.log.warn({ err: error, commits, retrying }, 'offset commit failed');
        if (!retrying) return;
        this.again = true;
        await delay(COMMIT_RETRY_MS);
      }
    }
  }
}
