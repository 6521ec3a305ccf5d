import { Admin, Kafka } from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import { CpuMeter, CpuUse } from './process-stats';

export interface ConsumptionFigure {
  /** Events waiting on the topic when consumption started; every one was consumed and committed. */
  events: number;
  /** Events committed per second between the 10% and the 90% marks. */
  eventsPerSecond: number;
  windowSeconds: number;
  /** From the first commit to the last. */
  totalSeconds: number;
  /** Cores used between the 10% and the 90% marks (as seen by the polls). */
  cpu: CpuUse;
}

const POLL_MS = 50;
const STEADY_FROM = 0.1;
const STEADY_TO = 0.9;

interface Sample {
  at: number;
  done: number;
}

/**
 * How fast a consumer group works through records waiting on `topic`, seen from its committed
 * offsets (the only thing a pipeline that delivers nothing shows). Start it before the consumer
 * starts or resumes: what the group committed by then counts as nothing done, and the polls (every
 * 50 ms) see the whole way, so that start-up stays out of the window. `until` measures between the
 * 10% and the 90% marks, their times interpolated between polls.
 */
export class ConsumptionMeter {
  private readonly samples: Sample[] = [];
  private meter?: CpuMeter;
  private cpu?: CpuUse;
  private stopped = false;
  private readonly polling: Promise<void>;

  private constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topic: string,
    private readonly first: number,
    private readonly events: number,
    /** The processes whose CPU to report, asked for once the 10% mark is passed. */
    private readonly pids: () => Record<string, number>,
  ) {
    this.polling = this.poll();
  }

  static async start(options: {
    kafka: Kafka;
    groupId: string;
    topic: string;
    events: number;
    pids: () => Record<string, number>;
  }): Promise<ConsumptionMeter> {
    const admin = options.kafka.admin();
    await admin.connect();
    const first = await committed(admin, options.groupId, options.topic);
    return new ConsumptionMeter(admin, options.groupId, options.topic, first, options.events, options.pids);
  }

  /** Resolves once every event is committed, with the figure. */
  async until(timeoutMs: number): Promise<ConsumptionFigure> {
    const deadline = performance.now() + timeoutMs;
    try {
      while (this.last().done < this.events) {
        if (performance.now() > deadline)
          throw new Error(
            `${this.last().done} of ${this.events} events committed by ${this.groupId} within ${timeoutMs} ms`,
          );
        await delay(POLL_MS);
      }
    } finally {
      this.stopped = true;
      await this.polling;
      await this.admin.disconnect();
    }
    const from = this.crossing(this.events * STEADY_FROM);
    const to = this.crossing(this.events * STEADY_TO);
    const firstCommit = this.samples.find((s) => s.done > 0)!.at;
    return {
      events: this.events,
      eventsPerSecond: Math.round((((STEADY_TO - STEADY_FROM) * this.events) / (to - from)) * 1000),
      windowSeconds: Math.round((to - from) / 100) / 10,
      totalSeconds: Math.round((this.last().at - firstCommit) / 100) / 10,
      cpu: this.cpu ?? CpuMeter.start(this.pids()).stop(),
    };
  }

  private last(): Sample {
    return this.samples[this.samples.length - 1] ?? { at: performance.now(), done: 0 };
  }

  /** When `mark` events were done, interpolated between the polls either side. */
  private crossing(mark: number): number {
    const after = this.samples.findIndex((s) => s.done >= mark);
    const before = this.samples[Math.max(0, after - 1)];
    const next = this.samples[after];
    if (next.done === before.done) return next.at;
    return before.at + ((mark - before.done) / (next.done - before.done)) * (next.at - before.at);
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      const at = performance.now();
      const done = (await committed(this.admin, this.groupId, this.topic)) - this.first;
      this.samples.push({ at, done });
      if (!this.meter && done >= this.events * STEADY_FROM) this.meter = CpuMeter.start(this.pids());
      if (this.meter && !this.cpu && done >= this.events * STEADY_TO) this.cpu = this.meter.stop();
      if (done >= this.events) return;
      await delay(POLL_MS);
    }
  }
}

async function committed(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return offsets.partitions.reduce((sum, { offset }) => sum + Math.max(0, Number(offset)), 0);
}
